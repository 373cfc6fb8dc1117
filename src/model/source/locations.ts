/**
 * Where each value of a loaded model was written. The loader works on plain
 * objects, so positions live beside them: a WeakMap from every mapping and
 * sequence to the location of the container itself and of each of its entries.
 * Transforms that build new containers copy the entries they take over, so an
 * error found late (schema, semantic checks) still points at file:line:column.
 */
import type { SourceLocation } from '../../errors.js';
import type { Locate, ModelPath } from '../tree.js';

interface ContainerLocations {
  readonly self: SourceLocation;
  /** Key of a mapping or index of a sequence → where its value starts. */
  readonly entries: Map<string | number, SourceLocation>;
}

export class LocationIndex {
  readonly #containers = new WeakMap<object, ContainerLocations>();

  record(container: object, self: SourceLocation, entries: Map<string | number, SourceLocation>): void {
    this.#containers.set(container, { self, entries });
  }

  /** Gives `created` the locations of `source`, entry for entry (same keys, same indexes). */
  copy(created: object, source: object): void {
    const known = this.#containers.get(source);
    if (known) this.#containers.set(created, { self: known.self, entries: new Map(known.entries) });
  }

  /** Where the container itself was written. */
  of(container: object): SourceLocation | undefined {
    return this.#containers.get(container)?.self;
  }

  entry(container: object, key: string | number): SourceLocation | undefined {
    return this.#containers.get(container)?.entries.get(key);
  }

  /**
   * Gives `created` the locations of the source containers it was built
   * from; later sources win for entries present in several.
   */
  inherit(created: object, sources: readonly object[]): void {
    let self: SourceLocation | undefined;
    const entries = new Map<string | number, SourceLocation>();
    for (const source of sources) {
      const known = this.#containers.get(source);
      if (!known) continue;
      self ??= known.self;
      if (Array.isArray(created)) continue;
      for (const [key, location] of known.entries) entries.set(key, location);
    }
    if (Array.isArray(created)) {
      // Sequence items are re-indexed by merges; locate items by identity instead.
      created.forEach((item, index) => {
        for (const source of sources) {
          if (!Array.isArray(source)) continue;
          const at = source.indexOf(item);
          const location = at >= 0 ? this.#containers.get(source)?.entries.get(at) : undefined;
          if (location) entries.set(index, location);
        }
      });
    }
    if (self) this.#containers.set(created, { self, entries });
  }

  /** The most precise known location for the value at `path` under `root`. */
  locate(root: unknown, path: ModelPath): SourceLocation | undefined {
    let best: SourceLocation | undefined = typeof root === 'object' && root !== null ? this.of(root) : undefined;
    let current: unknown = root;
    let exact = path.length === 0;
    for (const step of path) {
      exact = false;
      if (typeof current !== 'object' || current === null) break;
      const known = this.#containers.get(current);
      const here = known?.entries.get(step);
      if (here) {
        best = here;
        exact = true;
      } else if (known) best = known.self;
      current = (current as Record<string | number, unknown>)[step];
    }
    // A container reached without a recorded entry is best shown where it starts.
    if (!exact && typeof current === 'object' && current !== null) best = this.of(current) ?? best;
    return best;
  }

  locator(root: unknown): Locate {
    return (path) => this.locate(root, path);
  }
}
