/**
 * One canonical JSON text for a value: object keys sorted by code point,
 * `undefined` members left out (as `JSON.stringify` does), arrays in order.
 * Everything berth hashes goes through here, so equal values hash equal
 * whatever order their keys were built in.
 */
import { compareText } from './labels.js';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeysDeep(item)));
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareText)) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeysDeep(member);
  }
  return sorted;
}
