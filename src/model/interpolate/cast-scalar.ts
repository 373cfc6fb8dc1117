/**
 * String → number/boolean conversions with the acceptance rules of the Go
 * functions compose-go uses (`strconv.Atoi`, `strconv.ParseFloat`, and its
 * own YAML-1.1-tolerant boolean reader).
 */
import type { CastKind } from './type-cast-rules.js';

export type CastOutcome =
  | { readonly ok: true; readonly value: number | boolean; readonly warning?: string }
  | { readonly ok: false; readonly reason: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT32_MAX = 3.4028234663852886e38;

const DECIMAL_INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))[pP]([+-]?[0-9]+)$/;
const SPECIAL_FLOAT = /^(?:[+-]?(?:inf|infinity)|nan)$/i;

export function castScalar(kind: CastKind, text: string): CastOutcome {
  switch (kind) {
    case 'int':
      return castInteger(text);
    case 'float':
      return castFloat(text, Number.MAX_VALUE);
    case 'float32':
      // The value stays a double: a float32 round trip would turn 0.1 into
      // 0.10000000149011612, unlike the same number written unquoted in YAML.
      return castFloat(text, FLOAT32_MAX);
    case 'bool':
      return castBoolean(text);
    default:
      return assertNever(kind);
  }
}

function castInteger(text: string): CastOutcome {
  if (!DECIMAL_INTEGER.test(text)) return { ok: false, reason: `${JSON.stringify(text)} is not an integer` };
  const big = BigInt(text);
  if (big < INT64_MIN || big > INT64_MAX) {
    return { ok: false, reason: `${JSON.stringify(text)} is out of range for a 64-bit integer` };
  }
  return { ok: true, value: Number(big) };
}

function castFloat(text: string, max: number): CastOutcome {
  const value = parseGoFloat(text);
  if (value === undefined) return { ok: false, reason: `${JSON.stringify(text)} is not a number` };
  const isSpecial = SPECIAL_FLOAT.test(text);
  if (!isSpecial && (!Number.isFinite(value) || Math.abs(value) > max)) {
    return { ok: false, reason: `${JSON.stringify(text)} is out of range` };
  }
  return { ok: true, value };
}

function parseGoFloat(text: string): number | undefined {
  if (DECIMAL_FLOAT.test(text)) return Number(text);
  if (SPECIAL_FLOAT.test(text)) {
    const lower = text.toLowerCase();
    if (lower === 'nan') return Number.NaN;
    return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const hex = HEX_FLOAT.exec(text);
  if (hex) {
    const [, sign = '', digits = '', exponent = '0'] = hex;
    const [whole = '', fraction = ''] = digits.split('.');
    const mantissa = parseInt(`${whole}${fraction}` || '0', 16) / 16 ** fraction.length;
    const magnitude = mantissa * 2 ** Number(exponent);
    return sign === '-' ? -magnitude : magnitude;
  }
  return undefined;
}

function castBoolean(text: string): CastOutcome {
  const lower = text.toLowerCase();
  switch (lower) {
    case 'true':
      return { ok: true, value: true };
    case 'false':
      return { ok: true, value: false };
    case 'y':
    case 'yes':
    case 'on':
      return { ok: true, value: true, warning: yaml11Warning(text, 'true') };
    case 'n':
    case 'no':
    case 'off':
      return { ok: true, value: false, warning: yaml11Warning(text, 'false') };
    default:
      return { ok: false, reason: `invalid boolean: ${text}` };
  }
}

function yaml11Warning(text: string, replacement: 'true' | 'false'): string {
  return `${JSON.stringify(text)} for boolean is not supported by YAML 1.2, please use \`${replacement}\``;
}

function assertNever(value: never): never {
  throw new Error(`unexpected cast kind ${String(value)}`);
}
