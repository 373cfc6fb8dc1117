/**
 * Rules keyed by path pattern (`services.*.ports.*`), the way Compose's own
 * chapters read. `*` stands for any mapping key or sequence index. The first
 * rule whose pattern matches a value's path rewrites that value, and the walk
 * does not descend into what the rule returned.
 *
 * The walk never mutates its input: it copies the mappings and sequences on
 * the way to a rewritten value and shares every untouched subtree. Trees are
 * treated as immutable values throughout the loader.
 */
import { PatternTable, type PatternCursor } from '../path-pattern.js';
import { isDict, type Dict, type ModelPath } from '../tree.js';

export type PathRule = (value: unknown, path: ModelPath) => unknown;

/** Pattern text (dot-separated) → the rule applied to values at matching paths. */
export type PathRuleTable = Readonly<Record<string, PathRule>>;

const compiledTables = new WeakMap<PathRuleTable, PatternTable<PathRule>>();

export function applyPathRules(model: Dict, table: PathRuleTable): Dict {
  let compiled = compiledTables.get(table);
  if (!compiled) {
    compiled = new PatternTable(Object.entries(table), { star: 'any' });
    compiledTables.set(table, compiled);
  }
  const result = walk(model, [], compiled.root);
  return isDict(result) ? result : model;
}

function walk(value: unknown, path: ModelPath, cursor: PatternCursor<PathRule>): unknown {
  const rule = cursor.value;
  if (rule) return rule(value, path);
  if (!cursor.hasBelow) return value;

  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item: unknown, index) => {
      const next = cursor.child(index);
      const result = next ? walk(item, [...path, index], next) : item;
      if (result !== item) changed = true;
      return result;
    });
    return changed ? items : value;
  }
  if (isDict(value)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const next = cursor.child(key);
      const result = next ? walk(item, [...path, key], next) : item;
      if (result !== item) changed = true;
      return [key, result] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}
