/**
 * `mode` of service secrets and configs. compose-go reads a number as the mode
 * itself and a string as octal digits, and prints the mode as an octal string
 * with a leading zero (`"0440"`).
 *
 * compose-go's YAML reader (go-yaml) reads a plain `0440` as the octal number
 * 288, like YAML 1.1; berth's reader (`source/parse-yaml.ts`) does the same,
 * so this module only sees the number.
 */
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

