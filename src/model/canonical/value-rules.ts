/**
 * Rules shared by many paths: string-or-list attributes, durations, byte
 * values, shell commands and the key/value mappings.
 */
import { BYTE_SIZE_SYNTAX, canonicalByteSize } from './byte-size.js';
import { DURATION_SYNTAX, canonicalDuration } from './duration.js';
import { goScalarString, isScalar } from './go-format.js';
import {
  namesToMapping,
  scalarText,
  toHostsList,
  toMappingWithEquals,
  toMultiOptions,
  toStrictKeyValueMapping,
  toStringMapping,
} from './key-value.js';
import { REMOVE, type Rule } from './rule.js';
import { splitShellWords } from './shell-words.js';

/** A string is a list of one (`dns: 8.8.8.8` → `[8.8.8.8]`). */
export const stringOrList: Rule = (value) => (typeof value === 'string' ? [value] : value);

/** `dns`: like stringOrList, and empty entries are dropped (e.g. from an unset `${DNS}`). */
export const dnsList: Rule = (value) => {
  const list = typeof value === 'string' ? [value] : value;
  return Array.isArray(list) ? list.filter((entry) => entry !== null && entry !== '') : list;
};

/** `expose`: a list of strings; numbers become their decimal text. */
export const stringOrNumberList: Rule = (value, context) => {
  if (typeof value === 'string' || typeof value === 'number') return [goScalarString(value)];
  if (!Array.isArray(value)) return value;
  return value.map((item, index) => scalarText(item, context, index));
};

export const duration: Rule = (value, context) => {
  if (value === null) return value;
  const result = canonicalDuration(value);
  if (result.ok) return result.value;
  return context.fail({ what: 'duration', value, reason: result.reason, expected: DURATION_SYNTAX });
};

export const byteSize: Rule = (value, context) => {
  if (value === null) return value;
  const result = canonicalByteSize(value);
  if (result.ok) return result.value;
  return context.fail({ what: 'byte value', value, reason: result.reason, expected: BYTE_SIZE_SYNTAX });
};

/**
 * `command`, `entrypoint`, hook commands: a string is split into words like
 * a shell would (without running one); null means "not set" and is dropped;
 * `''` and `[]` both mean an explicitly empty command.
 */
export const shellCommand: Rule = (value, context) => {
  if (value === null || value === undefined) return REMOVE;
  if (typeof value === 'string') {
    const words = splitShellWords(value);
    if (words.ok) return words.value;
    return context.fail({
      what: 'command',
      value,
      reason: words.reason,
      expected: 'a list of arguments, or a string with balanced quotes',
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => scalarText(item, context, index));
  return value;
};

/** `healthcheck.test`: a string runs through the container's shell. */
export const healthcheckTest: Rule = (value, context) => {
  if (typeof value === 'string') return ['CMD-SHELL', value];
  if (Array.isArray(value)) return value.map((item, index) => scalarText(item, context, index));
  return value;
};

export const mappingWithEquals: Rule = (value, context) =>
  value === null ? value : toMappingWithEquals(value, context);

export const stringMapping: Rule = (value, context) => (value === null ? value : toStringMapping(value, context));

export const strictKeyValueMapping: Rule = (value, context) =>
  value === null ? value : toStrictKeyValueMapping(value, context);

export const hostsList: Rule = (value, context) => (value === null ? value : toHostsList(value, context));

export const multiOptions: Rule = (value, context) => (value === null ? value : toMultiOptions(value, context));

export const namesAsMapping: Rule = (value, context) => namesToMapping(value, context);

/** `build.provenance`, `build.sbom`: a boolean or number becomes its text. */
export const scalarAsString: Rule = (value) => (isScalar(value) ? goScalarString(value) : value);

/** Numbers that may still be strings after interpolation (`cpus: "0.5"`). */
export const decimalNumber: Rule = (value, context) => {
  if (typeof value !== 'string') return value;
  const number = Number(value);
  if (value.trim() !== '' && Number.isFinite(number)) return number;
  return context.fail({ what: 'number', value, reason: 'it is not a number', expected: 'a decimal number such as 0.5' });
};
