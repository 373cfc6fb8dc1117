/**
 * The words for a schema problem: what is wrong, where, and what to do.
 */
import { formatPath, isDict } from '../tree.js';
import type { Dict, ModelPath } from '../tree.js';
import type { JsonType, SchemaProblem } from './schema-problems.js';
import { closestName } from './schema-suggest.js';

// Listing more attributes than this buries the point of the message.
const MAX_LISTED_ATTRIBUTES = 20;

const NAME_PATTERN = '^[a-zA-Z0-9._-]+$';

export function describeProblem(problem: SchemaProblem, model: Dict): string {
  const where = formatPath(problem.path);
  const value = valueAt(model, problem.path);
  switch (problem.kind) {
    case 'unknown-attribute': {
      const atTop = problem.path.length === 0;
      const subject = atTop ? `unknown top-level key '${problem.key}'` : `${where}: unknown attribute '${problem.key}'`;
      const suggestion = closestName(problem.key, problem.allowed);
      const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
      const extensions = problem.extensions ? `; extension keys must start with 'x-'` : '';
      const listed =
        problem.allowed.length <= MAX_LISTED_ATTRIBUTES || atTop
          ? `. Allowed here: ${problem.allowed.join(', ')}${problem.extensions ? ' and x-* extension keys' : ''}`
          : '';
      return `${subject}${hint}${listed}. Remove it or fix its spelling${listed === '' ? extensions : ''}.`;
    }
    case 'invalid-name': {
      const noun = problem.noun ?? 'key';
      const rule =
        problem.pattern === NAME_PATTERN
          ? `${noun} names may contain only letters, digits, '.', '_' and '-'`
          : `keys here must match ${problem.pattern ?? 'the expected pattern'}`;
      return `${where}: '${problem.key}' is not a valid ${noun} name; ${rule}. Rename it.`;
    }
    case 'missing-attribute': {
      const choices =
        problem.allowedValues === undefined ? '' : ` (one of: ${problem.allowedValues.map(String).join(', ')})`;
      return `${where}: missing required attribute '${problem.attribute}'. Add ${problem.attribute}${choices}.`;
    }
    case 'wrong-type': {
      const expected = describeTypes(problem.expected);
      const looksLike = problem.description === undefined ? '' : ` (${problem.description})`;
      return `${where} must be ${expected}${looksLike}, not ${describeValue(value)}. Change its value.`;
    }
    case 'value-not-allowed': {
      const allowed = problem.allowed.map(String);
      const suggestion = typeof value === 'string' ? closestName(value, allowed) : undefined;
      const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
      return `${where}: ${quote(value)} is not allowed${hint}. Use one of: ${allowed.join(', ')}.`;
    }
    case 'bad-format': {
      const expected = problem.description ?? `a value matching ${problem.pattern}`;
      return `${where}: ${quote(value)} is not valid here; expected ${expected}. Fix the value.`;
    }
    case 'out-of-range': {
      const comparison = problem.bound === 'minimum' ? 'less than the minimum' : 'more than the maximum';
      return `${where}: ${quote(value)} is ${comparison} of ${problem.limit}. Use a value from the allowed range.`;
    }
    case 'duplicate-item': {
      const item = Array.isArray(value) ? value[problem.secondIndex] : undefined;
      return (
        `${where}: items [${problem.firstIndex}] and [${problem.secondIndex}] are the same (${quote(item)}); ` +
        `each entry must be unique. Remove the duplicate.`
      );
    }
    case 'other':
      return `${where === '' ? 'the file' : where} ${problem.message}.`;
    default:
      return assertNever(problem);
  }
}

const TYPE_WORDS: Record<JsonType, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'a mapping',
  null: 'empty (null)',
};

const TYPE_ORDER: readonly JsonType[] = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'];

/** "a string, a number or a list". */
export function describeTypes(types: readonly JsonType[]): string {
  // A number already covers integers; saying both reads as a contradiction.
  const kept = types.includes('number') ? types.filter((type) => type !== 'integer') : types;
  const words = [...kept].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b)).map((type) => TYPE_WORDS[type]);
  if (words.length <= 1) return words[0] ?? 'something else';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** "a boolean (true)", "a mapping", "a list". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (isDict(value)) return 'a mapping';
  if (typeof value === 'string') return `a string (${quote(value)})`;
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  return typeof value;
}

function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return String(value);
}

function valueAt(model: Dict, path: ModelPath): unknown {
  let node: unknown = model;
  for (const segment of path) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isDict(node) ? node[segment] : undefined;
  }
  return node;
}

function assertNever(value: never): never {
  throw new Error(`unexpected schema problem ${JSON.stringify(value)}`);
}
