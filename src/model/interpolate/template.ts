/**
 * Compose's `${…}` substitution, with compose-go's exact reading of templates
 * (`template/template.go`): the same match pattern, the same greedy braced
 * form cut at the first balanced `}`, the same lazy defaults.
 */
import { InvalidTemplateError, MissingVariableError } from './template-errors.js';

/** Returns a variable's value, or `undefined` when it is unset (empty is a value). */
export type VariableLookup = (name: string) => string | undefined;

export interface SubstituteResult {
  readonly value: string;
  /** Variables read without a default that were unset, each once, in order of first use. */
  readonly unset: string[];
}

/*
 * One alternative per form, tried in order, case-insensitive over a Unicode
 * fold (as Go's `(?i)` is, so `K` KELVIN SIGN counts as a name letter):
 *   $$            -> escaped
 *   $NAME         -> named
 *   ${NAME…}      -> braced; the tail after an operator runs greedily to the
 *                    last `}` on the line, exactly like Go's `(.*)}`
 *   ${ (anything else) -> invalid
 * Go's `.` stops only at `\n`, hence `[^\n]` rather than JavaScript's `.`.
 */
const TEMPLATE_PATTERN =
  /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{(?:([_a-z][_a-z0-9]*(?::?[-+?][^\n]*)?)\}|()))/giu;

const BRACED_EXPRESSION = /^([_a-z][_a-z0-9]*)(:[-+?]|[-+?])?/iu;

type Operator = ':-' | '-' | ':+' | '+' | ':?' | '?';

/**
 * Replaces every variable reference in `template`.
 * Throws `MissingVariableError` for `${V:?e}`/`${V?e}` without a value and
 * `InvalidTemplateError` for unsupported syntax; neither carries a location.
 */
export function substitute(template: string, lookup: VariableLookup): SubstituteResult {
  const unset = new Set<string>();
  const value = expand(template, lookup, unset);
  return { value, unset: [...unset] };
}

function expand(template: string, lookup: VariableLookup, unset: Set<string>): string {
  let output = '';
  let copiedUpTo = 0;
  for (const match of template.matchAll(TEMPLATE_PATTERN)) {
    output += template.slice(copiedUpTo, match.index);
    copiedUpTo = match.index + match[0].length;
    output += replaceMatch(match, template, lookup, unset);
  }
  return output + template.slice(copiedUpTo);
}

function replaceMatch(
  match: RegExpExecArray | RegExpMatchArray,
  template: string,
  lookup: VariableLookup,
  unset: Set<string>,
): string {
  const [text, escaped, named, braced] = match;
  if (escaped !== undefined) return '$';
  if (named !== undefined) return readPlain(named, lookup, unset);
  // compose-go reports the template being expanded when the error happened,
  // which for nested defaults is the inner text, not the whole value.
  if (braced === undefined) throw new InvalidTemplateError(template);

  // The greedy match may swallow later references (`${A:-x}-${B}`); keep the
  // first balanced `${…}` and expand what follows it on its own.
  const closing = firstClosingBraceIndex(text);
  const head = closing === -1 ? text : text.slice(0, closing + 1);
  const rest = closing === -1 ? '' : text.slice(closing + 1);
  const expression = head.slice(2, -1);

  const parsed = BRACED_EXPRESSION.exec(expression);
  const name = parsed?.[1];
  if (parsed === null || name === undefined) throw new InvalidTemplateError(template);
  const operator = parsed[2] as Operator | undefined;
  if (operator === undefined) return readPlain(name, lookup, unset) + expand(rest, lookup, unset);

  const argument = expression.slice(parsed[0].length);
  return applyOperator(name, operator, argument, lookup, unset) + expand(rest, lookup, unset);
}

function readPlain(name: string, lookup: VariableLookup, unset: Set<string>): string {
  const value = lookup(name);
  if (value === undefined) {
    unset.add(name);
    return '';
  }
  return value;
}

/** The argument (default, replacement or message) is expanded only when it is used. */
function applyOperator(
  name: string,
  operator: Operator,
  argument: string,
  lookup: VariableLookup,
  unset: Set<string>,
): string {
  const value = lookup(name);
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';
  switch (operator) {
    case ':-':
      return isNonEmpty ? value : expand(argument, lookup, unset);
    case '-':
      return isSet ? value : expand(argument, lookup, unset);
    case ':+':
      return isNonEmpty ? expand(argument, lookup, unset) : (value ?? '');
    case '+':
      return isSet ? expand(argument, lookup, unset) : '';
    case ':?':
      if (isNonEmpty) return value;
      throw new MissingVariableError(name, expand(argument, lookup, unset));
    case '?':
      if (isSet) return value;
      throw new MissingVariableError(name, expand(argument, lookup, unset));
    default:
      return assertNever(operator);
  }
}

/**
 * Index of the `}` closing the first `{`, counting nested braces, or -1.
 * Like compose-go, the character right after each `{` is skipped, so `{}`
 * inside a default does not count as a closing brace.
 */
function firstClosingBraceIndex(text: string): number {
  let open = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '}') {
      open--;
      if (open === 0) return index;
    }
    if (char === '{') {
      open++;
      index++;
    }
  }
  return -1;
}

function assertNever(value: never): never {
  throw new Error(`unexpected interpolation operator ${String(value)}`);
}
