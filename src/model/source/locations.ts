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
  /** Key of a mapping or index of a sequence → where its value starts, as recorded for this container. */
  readonly entries: ReadonlyMap<string | number, SourceLocation>;
  /**
   * Containers this one was built from, earliest first: an entry not in
   * `entries` is looked up in them when asked for, instead of being copied
   * at every merge (most entries are never asked for). `sameKeys`: the
   * container is a copy of its one source, entry for entry; otherwise a
   * mapping finds a key in the last source that has it, and a sequence
   * finds its item, by identity, in the last source holding it (merges
   * re-index sequences).
   */
  readonly sources: readonly object[];
  readonly sameKeys: boolean;
}

const NO_ENTRIES: ReadonlyMap<string | number, SourceLocation> = new Map();

export class LocationIndex {
  readonly #containers = new WeakMap<object, ContainerLocations>();

  record(container: object, self: SourceLocation, entries: Map<string | number, SourceLocation>): void {
    this.#containers.set(container, { self, entries, sources: [], sameKeys: false });
  }

  /** Gives `created` the locations of `source`, entry for entry (same keys, same indexes). */
  copy(created: object, source: object): void {
    const known = this.#containers.get(source);
    if (known) this.#containers.set(created, { self: known.self, entries: NO_ENTRIES, sources: [source], sameKeys: true });
  }

  /** Where the container itself was written. */
  of(container: object): SourceLocation | undefined {
    return this.#containers.get(container)?.self;
  }

  entry(container: object, key: string | number): SourceLocation | undefined {
    const known = this.#containers.get(container);
    return known && this.#entryOf(container, known, key);
  }

  /**
   * Gives `created` the locations of the source containers it was built
   * from; later sources win for entries present in several.
   */
  inherit(created: object, sources: readonly object[]): void {
    let self: SourceLocation | undefined;
    for (const source of sources) {
      self = this.#containers.get(source)?.self;
      if (self) break;
    }
    if (self) this.#containers.set(created, { self, entries: NO_ENTRIES, sources, sameKeys: false });
  }

  #entryOf(container: object, known: ContainerLocations, key: string | number): SourceLocation | undefined {
    const own = known.entries.get(key);
    if (own !== undefined || known.sources.length === 0) return own;
    if (known.sameKeys) return this.entry(known.sources[0]!, key);
    if (Array.isArray(container)) {
      if (typeof key !== 'number') return undefined;
      const item: unknown = container[key];
      for (let position = known.sources.length - 1; position >= 0; position--) {
        const source = known.sources[position];
        if (!Array.isArray(source)) continue;
        const at = source.indexOf(item);
        const location = at >= 0 ? this.entry(source, at) : undefined;
        if (location) return location;
      }
      return undefined;
    }
    for (let position = known.sources.length - 1; position >= 0; position--) {
      const location = this.entry(known.sources[position]!, key);
      if (location) return location;
    }
    return undefined;
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
      const here = known && this.#entryOf(current, known, step);
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
