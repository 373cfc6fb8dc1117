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
import { isDict, type Dict, type ModelPath, type PathLink, toPath } from '../tree.js';

export type PathRule = (value: unknown, path: ModelPath) => unknown;

/** Pattern text (dot-separated) → the rule applied to values at matching paths. */
export type PathRuleTable = Readonly<Record<string, PathRule>>;

/**
 * Tables are compiled once per set of patterns: a table built afresh for
 * each call (paths resolved against another directory, for every `extends`
 * from another file) has the same patterns, only other rules behind them.
 * The trie's values are the patterns, looked up in the caller's table.
 */
const compiledTables = new Map<string, PatternTable<string>>();

export function applyPathRules(model: Dict, table: PathRuleTable): Dict {
  const patterns = Object.keys(table);
  const key = patterns.join('\n');
  let compiled = compiledTables.get(key);
  if (!compiled) {
    compiled = new PatternTable(patterns.map((pattern) => [pattern, pattern] as const), { star: 'any' });
    compiledTables.set(key, compiled);
  }
  const result = walk(model, undefined, compiled.root, table);
  return isDict(result) ? result : model;
}


function walk(value: unknown, path: PathLink | undefined, cursor: PatternCursor<string>, table: PathRuleTable): unknown {
  const pattern = cursor.value;
  if (pattern !== undefined) return table[pattern]!(value, toPath(path));
  if (!cursor.hasBelow) return value;

  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const next = cursor.child(index);
      const result = next ? walk(item, { up: path, key: index }, next, table) : item;
      if (result !== item) (items ??= value.slice())[index] = result;
    }
    return items ?? value;
  }
  if (isDict(value)) {
    let changed: [string, unknown][] | undefined;
    const keys = Object.keys(value);
    for (let position = 0; position < keys.length; position++) {
      const key = keys[position]!;
      const item = value[key];
      const next = cursor.child(key);
      const result = next ? walk(item, { up: path, key }, next, table) : item;
      if (result !== item) {
        // Rebuilt the way the whole mapping was before: Object.fromEntries keeps `__proto__` a plain key.
        changed ??= keys.map((name) => [name, value[name]]);
        changed[position]![1] = result;
      }
    }
    return changed ? Object.fromEntries(changed) : value;
  }
  return value;
}
