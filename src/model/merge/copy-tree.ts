/**
 * The merge builds a fresh tree: every mapping and sequence in a result is a
 * new object, so callers may change the result without touching the inputs,
 * and inputs are never changed. Each new container is reported, with the
 * containers it took keys or items from, so the loader can carry source
 * positions over.
 */
import { locateNowhere } from '../tree.js';
import type { Dict, Locate, ModelPath } from '../tree.js';
import { ruleFor } from './merge-rules.js';
import { keepLastPerKey } from './unicity-keys.js';

export interface MergeOptions {
  /**
   * Called for every mapping or sequence the merge creates, with the source
   * containers whose keys or items it took, earlier file first.
   */
  readonly onContainerCreated?: (created: object, sources: readonly object[]) => void;
  /** Finds where a path was written in the later (overriding) document, for errors. */
  readonly locate?: Locate;
}

export interface MergeContext {
  readonly onContainerCreated: ((created: object, sources: readonly object[]) => void) | undefined;
  readonly locate: Locate;
}

export function contextOf(options: MergeOptions): MergeContext {
  return {
    onContainerCreated: options.onContainerCreated,
    locate: options.locate ?? locateNowhere,
  };
}

/** Reports a new container; sources that are not containers are left out. */
export function record<T extends object>(context: MergeContext, created: T, sources: readonly unknown[]): T {
  if (context.onContainerCreated) {
    const containers = sources.filter((source): source is object => typeof source === 'object' && source !== null);
    context.onContainerCreated(created, containers);
  }
  return created;
}

/** A deep copy of `value`, with the sequences at unique paths de-duplicated. */
export function copyAt(value: unknown, path: ModelPath, context: MergeContext): unknown {
  if (Array.isArray(value)) return buildSequence(value, path, context, [value]);
  if (isPlainMapping(value)) {
    const source = value;
    const copy: Dict = {};
    for (const [key, entry] of Object.entries(source)) copy[key] = copyAt(entry, [...path, key], context);
    return record(context, copy, [source]);
  }
  return value;
}

/**
 * A new sequence of copies of `items`, keeping one item per key when the rule
 * at `path` asks for unique items.
 */
export function buildSequence(
  items: readonly unknown[],
  path: ModelPath,
  context: MergeContext,
  sources: readonly unknown[],
): unknown[] {
  const unique = ruleFor(path).unique;
  const kept = unique === undefined ? items : keepLastPerKey(items, unique);
  const sequence = kept.map((item, index) => copyAt(item, [...path, index], context));
  return record(context, sequence, sources);
}

// Only YAML-shaped containers are copied; anything else (a Uint8Array from `!!binary`) is a value.
function isPlainMapping(value: unknown): value is Dict {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
