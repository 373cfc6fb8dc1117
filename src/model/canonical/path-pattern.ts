/**
 * Path patterns of the rule table, written like compose-go's: dotted keys,
 * `*` for any mapping key, `[]` for any sequence item
 * (`services.*.volumes.[]`).
 */
import type { ModelPath } from '../tree.js';

export type PathPattern = readonly string[];

export function parsePathPattern(pattern: string): PathPattern {
  return pattern.split('.');
}

export function matchesPattern(path: ModelPath, pattern: PathPattern): boolean {
  if (path.length !== pattern.length) return false;
  return pattern.every((segment, index) => {
    const part = path[index];
    if (segment === '[]') return typeof part === 'number';
    if (segment === '*') return typeof part === 'string';
    return part === segment;
  });
}
