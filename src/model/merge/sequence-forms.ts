/**
 * Compose lets several attributes be written either as a mapping or as a
 * sequence. When the two files of a merge disagree on the form, the merge
 * falls back to one form, the way Docker Compose does.
 */
import { isDict } from '../tree.js';
import type { Dict } from '../tree.js';

/**
 * The sequence form of a value: a sequence as is, a string as a one-item
 * sequence, a `KEY: value` mapping as sorted `KEY=value` items (`KEY` alone
 * for `null`, one item per address for a list value), anything else empty.
 */
export function toSequence(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [value];
  if (!isDict(value)) return [];
  const items: string[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (entry === null || entry === undefined) items.push(key);
    else if (Array.isArray(entry)) for (const item of entry) items.push(`${key}=${scalarText(item)}`);
    else items.push(`${key}=${scalarText(entry)}`);
  }
  return items.sort(compareText);
}

/**
 * The mapping form of a named-entries value: a mapping as is, a sequence of
 * names as a mapping from each name to a fresh copy of `entry` (or `null`).
 * Returns undefined for anything else.
 */
export function toNamedEntries(value: unknown, entry: Dict | null): Dict | undefined {
  if (isDict(value)) return value;
  if (!Array.isArray(value)) return undefined;
  const entries: Dict = {};
  for (const name of value) {
    if (typeof name !== 'string') return undefined;
    entries[name] = entry === null ? null : { ...entry };
  }
  return entries;
}

export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function compareText(left: string, right: string): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}
