/**
 * Rules for the top-level resources (`networks`, `volumes`, `secrets`,
 * `configs`) and `include` entries.
 */
import type { Rule } from './rule.js';
import { type Dict, isDict } from '../tree.js';

/**
 * A declared resource: `null` (`networks: {front: }`) is an empty
 * declaration, and the legacy `external: {name: x}` becomes
 * `external: true` with `name: x` (a warning, as in compose-go); a `name`
 * that disagrees with `external.name` is an error.
 */
export const resource: Rule = (value, context) => {
  if (value === null || value === undefined) return {};
  if (!isDict(value)) return value;
  const external = value['external'];
  if (!isDict(external)) return value;
  const declared: Dict = { ...value, external: true };
  if (!('name' in external)) return declared;
  const legacyName = external['name'];
  context.warn('external.name is deprecated; set name and external: true instead');
  if ('name' in value && value['name'] !== legacyName) {
    return context.fail({
      at: ['external', 'name'],
      what: 'external name',
      value: legacyName,
      reason: `it conflicts with name ${JSON.stringify(value['name'])}`,
      expected: 'name: <name> with external: true (drop external.name)',
    });
  }
  declared['name'] = legacyName;
  return declared;
};

/** `include` entries: a path is `{path: [path]}`; `path` and `env_file` are lists. */
export const includeEntry: Rule = (value) => {
  if (typeof value === 'string') return { path: [value] };
  if (!isDict(value)) return value;
  const entry: Dict = { ...value };
  for (const key of ['path', 'env_file'] as const) {
    if (typeof entry[key] === 'string') entry[key] = [entry[key]];
  }
  return entry;
};
