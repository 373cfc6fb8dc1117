/**
 * Bare keys — `FOO` in a list or `FOO:` with no value in a mapping — take
 * their value from the interpolation environment. `keepUnset` decides what
 * happens to a key the environment does not set: `environment` keeps it
 * (bare) for the container-environment step, `build.args` drops it.
 */
import { isDict } from '../tree.js';

export type Lookup = (name: string) => string | undefined;

export function resolveBareKeys(value: unknown, lookup: Lookup, keepUnset: boolean): unknown {
  if (Array.isArray(value)) {
    const resolved: unknown[] = [];
    for (const item of value) {
      if (typeof item !== 'string' || item.includes('=')) {
        resolved.push(item);
        continue;
      }
      const found = lookup(item);
      if (found !== undefined) resolved.push(`${item}=${found}`);
      else if (keepUnset) resolved.push(item);
    }
    return resolved;
  }
  if (isDict(value)) {
    const resolved: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && item !== undefined) {
        resolved[key] = item;
        continue;
      }
      const found = lookup(key);
      if (found !== undefined) resolved[key] = found;
      else if (keepUnset) resolved[key] = null;
    }
    return resolved;
  }
  return value;
}
