/**
 * Transforms that rebuild the tree (interpolation, canonical forms) keep the
 * shape where they can. This carries locations from the old tree to the new
 * one wherever the same key or index still holds a container.
 */
import type { LocationIndex } from '../source/locations.js';

export function relocate(index: LocationIndex, from: unknown, to: unknown): void {
  if (typeof from !== 'object' || from === null || typeof to !== 'object' || to === null || from === to) return;
  if (Array.isArray(from) && Array.isArray(to)) {
    if (from.length !== to.length) {
      if (index.of(to) === undefined) index.inherit(to, [from]);
      return;
    }
    if (index.of(to) === undefined) index.copy(to, from);
    to.forEach((item, position) => relocate(index, from[position], item));
    return;
  }
  if (index.of(to) === undefined) index.inherit(to, [from]);
  if (Array.isArray(from) || Array.isArray(to)) return;
  const source = from as Record<string, unknown>;
  for (const [key, value] of Object.entries(to)) {
    if (Object.hasOwn(source, key)) relocate(index, source[key], value);
  }
}
