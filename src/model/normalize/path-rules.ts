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
import { isDict, type Dict, type ModelPath } from '../tree.js';

export type PathRule = (value: unknown, path: ModelPath) => unknown;

/** Pattern text (dot-separated) → the rule applied to values at matching paths. */
export type PathRuleTable = Readonly<Record<string, PathRule>>;

interface CompiledRule {
  readonly segments: readonly string[];
  readonly rule: PathRule;
}

export function applyPathRules(model: Dict, table: PathRuleTable): Dict {
  const rules = Object.entries(table).map(([pattern, rule]) => ({ segments: pattern.split('.'), rule }));
  const result = walk(model, [], rules);
  return isDict(result) ? result : model;
}

function walk(value: unknown, path: ModelPath, rules: readonly CompiledRule[]): unknown {
  const live = rules.filter((rule) => isPrefix(path, rule.segments));
  if (live.length === 0) return value;
  const exact = live.find((rule) => rule.segments.length === path.length);
  if (exact) return exact.rule(value, path);

  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item: unknown, index) => {
      const next = walk(item, [...path, index], live);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? items : value;
  }
  if (isDict(value)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const next = walk(item, [...path, key], live);
      if (next !== item) changed = true;
      return [key, next] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

function isPrefix(path: ModelPath, segments: readonly string[]): boolean {
  if (path.length > segments.length) return false;
  return path.every((part, index) => {
    const segment = segments[index];
    return segment === '*' || segment === String(part);
  });
}
