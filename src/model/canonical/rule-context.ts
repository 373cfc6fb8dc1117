/**
 * What a canonicalization rule gets besides the value: where the value is,
 * and how to report a value whose syntax is wrong. Every failure is a
 * BerthError('invalid_project') located at the offending value when the
 * locator knows it, and naming its path in any case.
 */
import { BerthError } from '../../errors.js';
import { type Locate, type ModelPath, formatPath } from '../tree.js';

export interface InvalidValue {
  /** Keys or indexes below the rule's path leading to the bad value. */
  readonly at?: readonly (string | number)[];
  /** What the value is meant to be: "port", "duration", … */
  readonly what: string;
  readonly value: unknown;
  /** Why it is not valid, as a clause: "it has too many colons". */
  readonly reason: string;
  /** The accepted syntax, as a noun phrase. */
  readonly expected: string;
}

export interface RuleContext {
  readonly path: ModelPath;
  fail(problem: InvalidValue): never;
  warn(message: string): void;
}

export type WarningSink = (message: string, path: ModelPath) => void;

/** Thrown instead of an error when invalid values are to be kept as written. */
export const KEEP_AS_WRITTEN: unique symbol = Symbol('keep the value as written');

export function createRuleContext(
  path: ModelPath,
  locate: Locate,
  onWarning: WarningSink | undefined,
  keepInvalid = false,
): RuleContext {
  return {
    path,
    fail(problem) {
      if (keepInvalid) throw KEEP_AS_WRITTEN;
      const fullPath = [...path, ...(problem.at ?? [])];
      const message =
        `${formatPath(fullPath)}: invalid ${problem.what} ${describe(problem.value)}: ${problem.reason}. ` +
        `Write it as ${problem.expected}.`;
      throw new BerthError('invalid_project', message, { location: locate(fullPath) ?? locate(path) });
    },
    warn(message) {
      onWarning?.(`${formatPath(path)}: ${message}`, path);
    },
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'value';
  const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
