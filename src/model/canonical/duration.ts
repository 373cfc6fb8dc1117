/**
 * Durations as compose-go reads and prints them. Reading follows the
 * str2duration package compose-go uses (Go's `time.ParseDuration` plus `d`
 * and `w` units); printing follows Go's `time.Duration.String`, which is what
 * `docker compose config` shows (`90s` → `1m30s`, `1h` → `1h0m0s`).
 * Nanoseconds are `bigint` because Go durations are int64.
 */
import { type ParseResult, parsed, rejected } from './parse-result.js';

const MAX_INT64 = (1n << 63n) - 1n;

const NANOSECONDS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
  ['d', 86_400_000_000_000n],
  ['w', 604_800_000_000_000n],
]);

export const DURATION_SYNTAX =
  'a sequence of numbers with units such as "1m30s", "500ms" or "1.5h" (units ns, us, ms, s, m, h, d, w)';

/** Parses `1m30s`-style text into nanoseconds. */
export function parseDuration(text: string): ParseResult<bigint> {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  // Go accepts a bare zero, and only zero, without a unit.
  if (rest === '0') return parsed(0n);
  if (rest === '') return rejected('it is empty');
  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const wholeDigits = number?.[1] ?? '';
    const fractionDigits = number?.[2];
    if (wholeDigits === '' && (fractionDigits === undefined || fractionDigits === '')) {
      return rejected(`"${rest}" does not start with a number`);
    }
    rest = rest.slice(number?.[0].length ?? 0);
    const unitMatch = /^[^\d.]+/.exec(rest);
    if (!unitMatch) return rejected(`a number has no unit`);
    const unitText = unitMatch[0];
    const unit = NANOSECONDS_PER_UNIT.get(unitText);
    if (unit === undefined) return rejected(`"${unitText}" is not a unit`);
    rest = rest.slice(unitText.length);
    let part = BigInt(wholeDigits === '' ? '0' : wholeDigits);
    if (part > MAX_INT64 / unit) return rejected('it is too long');
    part *= unit;
    if (fractionDigits !== undefined && fractionDigits !== '') {
      part += fractionNanoseconds(fractionDigits, unit);
    }
    total += part;
    if (total > MAX_INT64) return rejected('it is too long');
  }
  return parsed(negative ? -total : total);
}

/**
 * Go computes a fraction as float64(digits) * (float64(unit) / 10^n) and
 * truncates; digits beyond int64 precision are ignored.
 */
function fractionNanoseconds(fractionDigits: string, unit: bigint): bigint {
  let digits = 0n;
  let scale = 1;
  for (const digit of fractionDigits) {
    const next = digits * 10n + BigInt(digit);
    if (next > MAX_INT64) break;
    digits = next;
    scale *= 10;
  }
  return BigInt(Math.trunc(Number(digits) * (Number(unit) / scale)));
}

/** Go's `time.Duration.String()`: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `1µs`, `0s`. */
export function formatDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const negative = nanoseconds < 0n;
  const magnitude = negative ? -nanoseconds : nanoseconds;
  const sign = negative ? '-' : '';
  if (magnitude < 1_000_000_000n) {
    if (magnitude < 1_000n) return `${sign}${magnitude}ns`;
    if (magnitude < 1_000_000n) return `${sign}${withFraction(magnitude, 3)}µs`;
    return `${sign}${withFraction(magnitude, 6)}ms`;
  }
  const seconds = withFraction(magnitude, 9);
  const wholeSeconds = magnitude / 1_000_000_000n;
  const secondsText = `${wholeSeconds % 60n}${seconds.slice(String(wholeSeconds).length)}s`;
  const minutes = wholeSeconds / 60n;
  if (minutes === 0n) return `${sign}${secondsText}`;
  const hours = minutes / 60n;
  if (hours === 0n) return `${sign}${minutes % 60n}m${secondsText}`;
  return `${sign}${hours}h${minutes % 60n}m${secondsText}`;
}

/** `value / 10^digits` in decimal without trailing zeros (Go's fmtFrac + fmtInt). */
function withFraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const whole = value / scale;
  const fraction = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}` : `${whole}.${fraction}`;
}

/**
 * A YAML duration value as compose-go decodes it: it prints the value with
 * `fmt.Sprint` and parses that, so a number is only valid when it is 0.
 */
export function canonicalDuration(value: unknown): ParseResult<string> {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return rejected('it is not a string');
  const nanoseconds = parseDuration(text);
  if (!nanoseconds.ok) {
    return typeof value === 'number' && !/^[+-]?0$/.test(text) ? rejected('a number needs a unit') : nanoseconds;
  }
  return parsed(formatDuration(nanoseconds.value));
}
