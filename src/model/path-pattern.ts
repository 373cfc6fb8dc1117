/**
 * Compose's rules are tables keyed by path pattern (`services.*.ports`,
 * `services.*.volumes.[]`), as the specification's chapters read. This
 * compiles such a table once into a trie, so that finding the rule for a
 * path costs one step per path segment instead of a scan of every pattern.
 *
 * Pattern syntax: dotted segments; `[]` matches a sequence index; `*`
 * matches a mapping key (or, with `star: 'any'`, an index too); any other
 * segment matches that key exactly. When several patterns match, the one
 * listed first wins.
 */
import type { ModelPath } from './tree.js';

interface TrieNode<T> {
  readonly literal: Map<string, TrieNode<T>>;
  star: TrieNode<T> | undefined;
  index: TrieNode<T> | undefined;
  /** The earliest table entry ending here. */
  entry: { readonly order: number; readonly value: T } | undefined;
  /** Whether some pattern continues below this node. */
  hasChildren: boolean;
}

export interface PatternTableOptions {
  /** What `*` matches: mapping keys only (default), or sequence indexes too. */
  readonly star?: 'key' | 'any';
}

function newNode<T>(): TrieNode<T> {
  return { literal: new Map(), star: undefined, index: undefined, entry: undefined, hasChildren: false };
}

export class PatternTable<T> {
  readonly #root: TrieNode<T> = newNode();
  readonly #starMatchesIndex: boolean;
  #rootCursor: PatternCursor<T> | undefined;

  constructor(entries: Iterable<readonly [pattern: string, value: T]>, options: PatternTableOptions = {}) {
    this.#starMatchesIndex = options.star === 'any';
    let order = 0;
    for (const [pattern, value] of entries) {
      let node = this.#root;
      for (const segment of pattern.split('.')) {
        node.hasChildren = true;
        if (segment === '*') node = node.star ??= newNode();
        else if (segment === '[]') node = node.index ??= newNode();
        else {
          let next = node.literal.get(segment);
          if (!next) node.literal.set(segment, (next = newNode()));
          node = next;
        }
      }
      node.entry ??= { order, value };
      order++;
    }
  }

  /** Where a walk from the root of a tree starts. */
  get root(): PatternCursor<T> {
    // One cursor per table, so the steps it remembers serve every walk.
    return (this.#rootCursor ??= new PatternCursor([this.#root], this.#starMatchesIndex));
  }

  /** The value of the first pattern matching exactly this path. */
  match(path: ModelPath): T | undefined {
    let cursor: PatternCursor<T> | undefined = this.root;
    for (const step of path) {
      cursor = cursor.child(step);
      if (!cursor) return undefined;
    }
    return cursor.value;
  }

  /** Whether some pattern matches a path strictly below this one. */
  hasBelow(path: ModelPath): boolean {
    let cursor: PatternCursor<T> | undefined = this.root;
    for (const step of path) {
      cursor = cursor.child(step);
      if (!cursor) return false;
    }
    return cursor.hasBelow;
  }
}

/**
 * A position in a walk down a tree: the trie nodes the path so far matches.
 * Walks visit every key of every loaded file, so a cursor remembers where
 * each step leads: keys no pattern names all lead to the same cursor (the
 * `*` nodes), and so do all indexes; only named keys are looked up.
 */
export class PatternCursor<T> {
  #byIndex: PatternCursor<T> | null | undefined;
  #byOtherKey: PatternCursor<T> | null | undefined;
  #byNamedKey: Map<string, PatternCursor<T> | null> | undefined;
  #value: { readonly order: number; readonly value: T } | null | undefined;
  #hasBelow: boolean | undefined;

  constructor(
    private readonly nodes: readonly TrieNode<T>[],
    private readonly starMatchesIndex: boolean,
  ) {}

  /** The cursor one step further, or undefined when no pattern goes that way. */
  child(step: string | number): PatternCursor<T> | undefined {
    if (typeof step === 'number') {
      if (this.#byIndex === undefined) this.#byIndex = this.#step(step) ?? null;
      return this.#byIndex ?? undefined;
    }
    if (!this.nodes.some((node) => node.literal.has(step))) {
      if (this.#byOtherKey === undefined) this.#byOtherKey = this.#step(step) ?? null;
      return this.#byOtherKey ?? undefined;
    }
    this.#byNamedKey ??= new Map();
    let next = this.#byNamedKey.get(step);
    if (next === undefined) this.#byNamedKey.set(step, (next = this.#step(step) ?? null));
    return next ?? undefined;
  }

  #step(step: string | number): PatternCursor<T> | undefined {
    const next: TrieNode<T>[] = [];
    for (const node of this.nodes) {
      if (typeof step === 'number') {
        if (node.index) next.push(node.index);
        if (node.star && this.starMatchesIndex) next.push(node.star);
      } else {
        const literal = node.literal.get(step);
        if (literal) next.push(literal);
        if (node.star) next.push(node.star);
      }
    }
    return next.length > 0 ? new PatternCursor(next, this.starMatchesIndex) : undefined;
  }

  /** The value of the first pattern ending exactly here. */
  get value(): T | undefined {
    if (this.#value === undefined) {
      let best: { readonly order: number; readonly value: T } | null = null;
      for (const node of this.nodes) {
        if (node.entry && (best === null || node.entry.order < best.order)) best = node.entry;
      }
      this.#value = best;
    }
    return this.#value?.value;
  }

  get hasBelow(): boolean {
    return (this.#hasBelow ??= this.nodes.some((node) => node.hasChildren));
  }
}
