/**
 * The canonicalization step of the loader: after one compose file has been
 * interpolated and validated against the schema, every short syntax in it is
 * rewritten into the long form compose-go works with (the shapes
 * `docker compose config` prints), so that merging, defaults and the typed
 * Project only ever see one shape per attribute.
 *
 * Defaults that compose-go applies in a later pass (port `protocol`/`mode`
 * of long entries, build `context`, secret targets, …), relative paths and
 * names are left alone; so are `x-*` extensions.
 */
import { REMOVE } from './rule.js';
import { KEEP_AS_WRITTEN, type WarningSink, createRuleContext } from './rule-context.js';
import type { PatternCursor } from '../path-pattern.js';
import type { Rule } from './rule.js';
import { RULE_TABLE } from './rules.js';
import { type Dict, type Locate, type ModelPath, isDict } from '../tree.js';

export interface CanonicalizeOptions {
  /** Where a path was written, for error locations. */
  readonly locate: Locate;
  /**
   * Leave a value whose syntax is wrong as written instead of failing, as
   * compose-go does when interpolation is skipped (`config --no-interpolate`),
   * since `${VAR}` text cannot be parsed as a port or a volume.
   */
  readonly keepInvalidValues?: boolean;
  /** Deprecated syntax that still works (`external.name`). */
  readonly onWarning?: WarningSink;
  /**
   * Called for every mapping or sequence the result contains, with the
   * input container it was made from (when there is one), so a caller that
   * tracks source positions per container can carry them over.
   */
  readonly onContainerCreated?: (created: object, source: object | undefined, path: ModelPath) => void;
}

/**
 * Returns a new tree in canonical form; the input is not changed. Throws
 * BerthError('invalid_project') for a value whose syntax is wrong.
 */
export function canonicalize(model: Dict, options: CanonicalizeOptions): Dict {
  const walk: Walk = { ...options, inputContainers: options.onContainerCreated ? containersOf(model) : new WeakSet() };
  const result = canonicalizeValue(model, [], RULE_TABLE.root, walk);
  return isDict(result) ? result : {};
}

interface Walk extends CanonicalizeOptions {
  /** Containers of the input, so only they are reported as sources. */
  readonly inputContainers: WeakSet<object>;
}

/** Where the walk stands in the rule table; undefined once no rule lies at or below the path. */
type Cursor = PatternCursor<Rule> | undefined;

function canonicalizeValue(value: unknown, path: ModelPath, cursor: Cursor, walk: Walk): unknown {
  if (cursor === undefined) return value;
  const transformed = applyRule(value, path, cursor.value, walk);
  if (transformed === REMOVE) return REMOVE;
  return copyChildren(transformed, value, path, cursor, walk);
}

function applyRule(value: unknown, path: ModelPath, rule: Rule | undefined, walk: Walk): unknown {
  if (!rule) return value;
  try {
    return rule(value, createRuleContext(path, walk.locate, walk.onWarning, walk.keepInvalidValues));
  } catch (error) {
    if (error === KEEP_AS_WRITTEN) return value;
    throw error;
  }
}

/**
 * Canonicalizes the children of `value`. A container whose children all stay
 * as they are is returned as is (trees are immutable, so sharing is safe and
 * saves most of the copying); a changed one is new and reported.
 */
function copyChildren(value: unknown, source: unknown, path: ModelPath, cursor: NonNullable<Cursor>, options: Walk): unknown {
  const origin = typeof source === 'object' && source !== null && options.inputContainers.has(source) ? source : undefined;
  if (!cursor.hasBelow) {
    if (value !== source && typeof value === 'object' && value !== null) options.onContainerCreated?.(value, origin, path);
    return value;
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    let changed = value !== source;
    value.forEach((item: unknown, index) => {
      const canonical = canonicalizeValue(item, [...path, index], cursor.child(index), options);
      if (canonical !== item) changed = true;
      if (canonical !== REMOVE) items.push(canonical);
    });
    if (!changed) return value;
    options.onContainerCreated?.(items, origin, path);
    return items;
  }
  if (isDict(value)) {
    const mapping: Dict = {};
    let changed = value !== source;
    for (const [key, item] of Object.entries(value)) {
      // Extensions are the user's own data: kept as written, never interpreted.
      const canonical = key.startsWith('x-') ? item : canonicalizeValue(item, [...path, key], cursor.child(key), options);
      if (canonical !== item) changed = true;
      if (canonical !== REMOVE) mapping[key] = canonical;
    }
    if (!changed) return value;
    options.onContainerCreated?.(mapping, origin, path);
    return mapping;
  }
  return value;
}

function copyAsIs(value: unknown, path: ModelPath, options: Walk): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item: unknown, index) => copyAsIs(item, [...path, index], options));
    options.onContainerCreated?.(items, value, path);
    return items;
  }
  if (isDict(value)) {
    const mapping: Dict = {};
    for (const [key, item] of Object.entries(value)) mapping[key] = copyAsIs(item, [...path, key], options);
    options.onContainerCreated?.(mapping, value, path);
    return mapping;
  }
  return value;
}

function containersOf(value: unknown, found = new WeakSet<object>()): WeakSet<object> {
  if (typeof value !== 'object' || value === null || found.has(value)) return found;
  found.add(value);
  for (const item of Array.isArray(value) ? value : Object.values(value)) containersOf(item, found);
  return found;
}
