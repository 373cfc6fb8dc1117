/**
 * `mode` of service secrets and configs. compose-go reads a number as the mode
 * itself and a string as octal digits, and prints the mode as an octal string
 * with a leading zero (`"0440"`).
 *
 * compose-go's YAML reader (go-yaml) reads a plain `0440` as the octal number
 * 288, like YAML 1.1; YAML 1.2's core schema, the `yaml` package's default,
 * reads it as the decimal 440. This module only sees numbers, so the YAML
 * reader must resolve legacy octals for `mode: 0440` to mean what Compose
 * users mean: `legacyOctalIntTag` does that for the `yaml` package.
 */
import type { ScalarTag } from 'yaml';
import { type ParseResult, parsed, rejected } from './parse-result.js';

export const FILE_MODE_SYNTAX = 'an octal number such as 0440 or "0440"';

export function parseFileMode(value: unknown): ParseResult<number> {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? parsed(value) : rejected('it is not a whole, positive number');
  }
  if (typeof value === 'string') {
    return /^\+?[0-7]+$/.test(value) ? parsed(Number.parseInt(value, 8)) : rejected('it is not octal digits');
  }
  return rejected('it is not a number or a string');
}

/** `0440`, the way compose-go prints a file mode. */
export function formatFileMode(mode: number): string {
  return `0${mode.toString(8)}`;
}

export function canonicalFileMode(value: unknown): ParseResult<string> {
  const mode = parseFileMode(value);
  return mode.ok ? parsed(formatFileMode(mode.value)) : mode;
}

/**
 * A `yaml` custom tag reading plain `0[0-7]+` integers as octal, as go-yaml
 * does for YAML 1.1 compatibility; put it first:
 * `parse(text, { customTags: (tags) => [legacyOctalIntTag, ...tags] })`.
 */
export const legacyOctalIntTag: ScalarTag = {
  // Reading only: numbers are written back with the ordinary int tag.
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^0[0-7]+$/,
  resolve: (text) => Number.parseInt(text, 8),
};
