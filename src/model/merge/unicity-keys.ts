/**
 * Which items of a sequence count as the same item, per `UnicityKey`
 * (compose-go `override/uncity.go`). An item without a usable key (a port
 * without `target`, a mount without `target`) is never merged with another:
 * it stays, and validation reports it later with a better message.
 */
import { isDict } from '../tree.js';
import type { UnicityKey } from './merge-rules.js';
import { scalarText } from './sequence-forms.js';

export function unicityKeyOf(kind: UnicityKey, item: unknown): string | undefined {
  switch (kind) {
    case 'keyValue':
      return keyValueKey(item);
    case 'mountTarget':
      return mountTargetKey(item);
    case 'deviceTarget':
      return deviceTargetKey(item);
    case 'port':
      return portKey(item);
    case 'expose':
      return typeof item === 'string' || typeof item === 'number' ? String(item) : undefined;
    case 'envFilePath':
      if (typeof item === 'string') return item;
      return isDict(item) && typeof item['path'] === 'string' ? item['path'] : undefined;
    case 'configTarget':
      return fileMountKey(item, '');
    case 'secretTarget':
      return fileMountKey(item, '/run/secrets');
    default:
      return assertNever(kind);
  }
}

/**
 * Keeps one item per key: the value of the last occurrence, at the position
 * of the first. Items without a key are all kept.
 */
export function keepLastPerKey(items: readonly unknown[], kind: UnicityKey): unknown[] {
  const kept: unknown[] = [];
  const positions = new Map<string, number>();
  for (const item of items) {
    const key = unicityKeyOf(kind, item);
    const position = key === undefined ? undefined : positions.get(key);
    if (position !== undefined) {
      kept[position] = item;
      continue;
    }
    if (key !== undefined) positions.set(key, kept.length);
    kept.push(item);
  }
  return kept;
}

function keyValueKey(item: unknown): string | undefined {
  if (typeof item === 'string') {
    const equals = item.indexOf('=');
    return equals === -1 ? item : item.slice(0, equals);
  }
  // Not a compose form (validation rejects it); keep distinct values apart.
  return item === null || item === undefined ? undefined : `\u0000${JSON.stringify(item)}`;
}

function mountTargetKey(item: unknown): string | undefined {
  if (isDict(item)) return typeof item['target'] === 'string' ? item['target'] : undefined;
  if (typeof item !== 'string') return undefined;
  // Short syntax `[source:]target[:mode]`.
  const parts = item.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
}

function deviceTargetKey(item: unknown): string | undefined {
  if (isDict(item)) return typeof item['target'] === 'string' ? item['target'] : undefined;
  if (typeof item !== 'string') return undefined;
  const parts = item.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
}

function portKey(item: unknown): string | undefined {
  if (typeof item === 'number') return String(item);
  if (typeof item === 'string') return item;
  if (!isDict(item)) return undefined;
  const target = item['target'];
  if (target === undefined || target === null) return undefined;
  // An unset host IP means every interface, however the canonical form spells it.
  const hostIp = textOr(item['host_ip'], '0.0.0.0');
  const published = textOr(item['published'], '');
  const protocol = textOr(item['protocol'], 'tcp');
  return `${hostIp}:${published}:${scalarText(target)}/${protocol}`;
}

function fileMountKey(item: unknown, directory: string): string | undefined {
  if (typeof item === 'string') return `${directory}/${item}`;
  if (!isDict(item)) return undefined;
  const target = item['target'];
  if (target !== undefined && target !== null) return scalarText(target);
  const source = item['source'];
  return source === undefined || source === null ? undefined : `${directory}/${scalarText(source)}`;
}

function textOr(value: unknown, fallback: string): string {
  return value === undefined || value === null || value === '' ? fallback : scalarText(value);
}

function assertNever(value: never): never {
  throw new Error(`unhandled unicity key ${String(value)}`);
}
