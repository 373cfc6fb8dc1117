/**
 * Merges never change their inputs. A result shares what it took unchanged
 * from an input (whole subtrees, sequence items) and is new only where
 * content changed: merged mappings, appended or de-duplicated sequences, and
 * the mappings on the way to them. So results are to be treated as immutable
 * too. Each new container is reported with the containers it took keys or
 * items from, so the loader can carry source positions over; items keep their
 * identity, so a position can be found by looking an item up in its source.
 */
import { locateNowhere } from '../tree.js';
import type { Dict, Locate, ModelPath } from '../tree.js';
import type { PatternCursor } from '../path-pattern.js';
import { ruleCursor, ruleFor, type MergeRule } from './merge-rules.js';
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

/**
 * `value` with the sequences at unique paths below `path` de-duplicated. What
 * needs no change is returned as is; only the containers on the way to a
 * changed sequence are new.
 */
export function uniqueAt(value: unknown, path: ModelPath, context: MergeContext): unknown {
  return uniqueBelow(value, ruleCursor(path), context);
}

function uniqueBelow(value: unknown, cursor: PatternCursor<MergeRule> | undefined, context: MergeContext): unknown {
  if (cursor === undefined) return value;
  if (Array.isArray(value)) {
    const unique = cursor.value?.unique;
    if (unique === undefined) return value;
    const kept = keepLastPerKey(value, unique);
    return kept.length === value.length ? value : record(context, kept, [value]);
  }
  if (!isPlainMapping(value) || !cursor.hasBelow) return value;
  let changed: Dict | undefined;
  for (const [key, entry] of Object.entries(value)) {
    const unique = uniqueBelow(entry, cursor.child(key), context);
    if (unique === entry) continue;
    changed ??= { ...value };
    changed[key] = unique;
  }
  return changed === undefined ? value : record(context, changed, [value]);
}

/**
 * A new sequence of `items` (the items themselves, not copies), keeping one
 * item per key when the rule at `path` asks for unique items.
 */
export function buildSequence(
  items: readonly unknown[],
  path: ModelPath,
  context: MergeContext,
  sources: readonly unknown[],
): unknown[] {
  const unique = ruleFor(path).unique;
  const sequence = unique === undefined ? [...items] : keepLastPerKey(items, unique);
  return record(context, sequence, sources);
}

// Only YAML-shaped containers are walked; anything else (a Uint8Array from `!!binary`) is a value.
function isPlainMapping(value: unknown): value is Dict {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
