/**
 * Byte values (`mem_limit`, `shm_size`, `tmpfs.size`, …) as compose-go reads
 * them: an integer, a decimal string (negative allowed, `-1` = unlimited), or
 * a number with a binary unit `b`, `k`, `m`, `g`, `t`, `p` (optionally
 * followed by `b` or `ib`; case-insensitive; `1.5g` allowed), like go-units'
 * RAMInBytes. compose-go prints them as decimal strings (`"1073741824"`).
 */
import { type ParseResult, parsed, rejected } from './parse-result.js';

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

const BYTES_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ['k', 1024],
  ['m', 1024 ** 2],
  ['g', 1024 ** 3],
  ['t', 1024 ** 4],
  ['p', 1024 ** 5],
]);

export const BYTE_SIZE_SYNTAX =
  'a number of bytes, optionally with a unit b, k, m, g, t or p (e.g. 512m, 1.5g, 1gb, 2GiB)';

/** Parses a YAML byte value into a number of bytes. */
export function parseByteSize(value: unknown): ParseResult<bigint> {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return rejected('it is not a whole number');
    return inInt64(BigInt(value));
  }
  if (typeof value === 'bigint') return inInt64(value);
  if (typeof value !== 'string') return rejected('it is not a number or a string');
  if (/^[+-]?\d+$/.test(value)) return inInt64(BigInt(value));
  return parseWithUnit(value);
}

/** The decimal string compose-go prints for a byte value. */
export function canonicalByteSize(value: unknown): ParseResult<string> {
  const bytes = parseByteSize(value);
  return bytes.ok ? parsed(bytes.value.toString()) : bytes;
}

function parseWithUnit(text: string): ParseResult<bigint> {
  // The number ends at the last digit, dot or space; a space between number
  // and unit is allowed and dropped.
  let separator = -1;
  for (let index = text.length - 1; index >= 0; index--) {
    if (/[0-9. ]/.test(text[index] ?? '')) {
      separator = index;
      break;
    }
  }
  if (separator === -1) return rejected('it has no digits');
  const numberText = text[separator] === ' ' ? text.slice(0, separator) : text.slice(0, separator + 1);
  const suffix = text.slice(separator + 1).toLowerCase();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(numberText)) {
    return rejected(`"${numberText}" is not a number`);
  }
  let size = Number(numberText);
  if (size < 0) return rejected('it is negative');
  if (suffix !== '' && suffix !== 'b') {
    const unit = BYTES_PER_UNIT.get(suffix[0] ?? '');
    const tail = suffix.slice(1);
    if (unit === undefined || suffix.length > 3 || !(tail === '' || tail === 'b' || tail === 'ib')) {
      return rejected(`"${suffix}" is not a unit`);
    }
    size *= unit;
  }
  if (!Number.isFinite(size) || size >= 2 ** 63) return rejected('it is too large');
  return parsed(BigInt(Math.trunc(size)));
}

function inInt64(bytes: bigint): ParseResult<bigint> {
  return bytes > MAX_INT64 || bytes < MIN_INT64 ? rejected('it is too large') : parsed(bytes);
}
