import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../errors.js';
import { InvalidTemplateError, MissingVariableError } from './template-errors.js';
import { substitute } from './template.js';
import type { VariableLookup } from './template.js';

const lookupIn =
  (variables: Record<string, string>): VariableLookup =>
  (name) =>
    Object.hasOwn(variables, name) ? variables[name] : undefined;

// SET has a value, EMPTY is set to "", UNSET is absent.
const states = lookupIn({ SET: 'value', EMPTY: '' });

describe('substitute: every operator against a set, empty and unset variable', () => {
  const table: ReadonlyArray<{ template: string; set: string; empty: string; unset: string }> = [
    { template: '$V', set: 'value', empty: '', unset: '' },
    { template: '${V}', set: 'value', empty: '', unset: '' },
    { template: '${V:-d}', set: 'value', empty: 'd', unset: 'd' },
    { template: '${V-d}', set: 'value', empty: '', unset: 'd' },
    { template: '${V:+r}', set: 'r', empty: '', unset: '' },
    { template: '${V+r}', set: 'r', empty: 'r', unset: '' },
    { template: '${V:?e}', set: 'value', empty: 'error', unset: 'error' },
    { template: '${V?e}', set: 'value', empty: '', unset: 'error' },
  ];
  for (const row of table) {
    for (const [state, expected] of [
      ['SET', row.set],
      ['EMPTY', row.empty],
      ['UNSET', row.unset],
    ] as const) {
      const template = row.template.replace('V', state);
      test(`${template} → ${expected}`, () => {
        if (expected === 'error') {
          assert.throws(() => substitute(template, states), MissingVariableError);
        } else {
          assert.equal(substitute(template, states).value, expected);
        }
      });
    }
  }
});

describe('substitute: syntax', () => {
  const table: ReadonlyArray<{ name: string; template: string; expected: string }> = [
    { name: '$$ is a literal dollar', template: 'a$$b $${SET} $$SET', expected: 'a$b ${SET} $SET' },
    { name: 'a $ before a non-name is literal', template: 'a $ string ^REGEX$ $} $1 $-', expected: 'a $ string ^REGEX$ $} $1 $-' },
    { name: 'a lone $ is literal', template: '$', expected: '$' },
    { name: 'no reference at all', template: 'plain', expected: 'plain' },
    { name: 'a name stops at the first non-name character', template: '$SET-bar $SET.x', expected: 'value-bar value.x' },
    { name: 'names are matched case-insensitively', template: '${lower} $Mixed_9', expected: 'l M' },
    { name: 'names may start with an underscore', template: '$_U ${_U}', expected: 'u u' },
    { name: 'nested defaults', template: '${UNSET:-${NOPE:-x}}', expected: 'x' },
    { name: 'nested default reaching a set variable', template: '${UNSET:-${SET}}', expected: 'value' },
    { name: 'several references in a default', template: '${UNSET-${SET} ${SET}}', expected: 'value value' },
    { name: 'a replacement referring to variables', template: '${SET+$SET ${SET:+second}}', expected: 'value second' },
    { name: 'text after a braced reference', template: '${UNSET:-a}-${SET}-${UNSET-b}', expected: 'a-value-b' },
    { name: 'a default containing operator characters', template: '${UNSET:-/non:-alpha?x+y}', expected: '/non:-alpha?x+y' },
    { name: 'a default containing braces', template: '${UNSET:-{"json":1}}', expected: '{"json":1}' },
    { name: 'a closing brace after an empty default stays', template: '${UNSET:-}}', expected: '}' },
  ];
  const lookup = lookupIn({ SET: 'value', EMPTY: '', lower: 'l', Mixed_9: 'M', _U: 'u' });
  for (const row of table) {
    test(row.name, () => assert.equal(substitute(row.template, lookup).value, row.expected));
  }
});

describe('substitute: unset variables are reported', () => {
  test('a plain reference to an unset variable is reported once', () => {
    assert.deepEqual(substitute('$A ${A} ${B} $SET', states), { value: '   value', unset: ['A', 'B'] });
  });
  test('an empty variable is not unset', () => {
    assert.deepEqual(substitute('${EMPTY}', states).unset, []);
  });
  test('a reference with a default or replacement is not reported', () => {
    assert.deepEqual(substitute('${A:-x}${B-y}${C:+z}${D+w}', states).unset, []);
  });
  test('a default that is used reports what it reads', () => {
    assert.deepEqual(substitute('${A:-${B}}', states).unset, ['B']);
  });
  test('a default that is not used reports nothing', () => {
    assert.deepEqual(substitute('${SET:-${B}}${A:+${A},}', states).unset, []);
  });
  test('a required message that is not used reports nothing', () => {
    assert.deepEqual(substitute('${SET?${B}}', states), { value: 'value', unset: [] });
  });
});

describe('substitute: errors', () => {
  const missing: ReadonlyArray<{ template: string; variable: string; message: string }> = [
    { template: 'not ok ${UNSET_VAR:?Mandatory Variable Unset}', variable: 'UNSET_VAR', message: 'required variable UNSET_VAR is missing a value: Mandatory Variable Unset' },
    { template: 'not ok ${EMPTY:?Mandatory Variable Empty}', variable: 'EMPTY', message: 'required variable EMPTY is missing a value: Mandatory Variable Empty' },
    { template: 'not ok ${UNSET_VAR:?}', variable: 'UNSET_VAR', message: 'required variable UNSET_VAR is missing a value' },
    { template: 'not ok ${UNSET_VAR?}', variable: 'UNSET_VAR', message: 'required variable UNSET_VAR is missing a value' },
    { template: 'not ok ${UNSET_VAR?Mandatory ${SET}}', variable: 'UNSET_VAR', message: 'required variable UNSET_VAR is missing a value: Mandatory value' },
    { template: '${UNSET_VAR?bar-baz}', variable: 'UNSET_VAR', message: 'required variable UNSET_VAR is missing a value: bar-baz' },
    { template: '${A:?first} ${B:?second}', variable: 'A', message: 'required variable A is missing a value: first' },
    { template: '${A:-${B:?inner}}', variable: 'B', message: 'required variable B is missing a value: inner' },
  ];
  for (const row of missing) {
    test(`${JSON.stringify(row.template)} fails for ${row.variable}`, () => {
      assert.throws(
        () => substitute(row.template, states),
        (error: unknown) =>
          error instanceof MissingVariableError &&
          error instanceof BerthError &&
          error.code === 'missing_variable' &&
          error.variable === row.variable &&
          error.message === row.message &&
          error.location === undefined,
      );
    });
  }

  const invalid: ReadonlyArray<{ template: string; reported: string }> = [
    { template: '${', reported: '${' },
    { template: '${}', reported: '${}' },
    { template: '${ }', reported: '${ }' },
    { template: '${ foo}', reported: '${ foo}' },
    { template: '${foo }', reported: '${foo }' },
    { template: '${foo!}', reported: '${foo!}' },
    { template: 'x ${V/a/b}', reported: 'x ${V/a/b}' },
    { template: '${V:x}', reported: '${V:x}' },
    { template: 'unclosed ${V', reported: 'unclosed ${V' },
    // compose-go names the innermost text it was expanding.
    { template: '${UNSET:-${ }}', reported: '${ }' },
  ];
  for (const row of invalid) {
    test(`${JSON.stringify(row.template)} is not a valid template`, () => {
      assert.throws(
        () => substitute(row.template, states),
        (error: unknown) =>
          error instanceof InvalidTemplateError &&
          error.code === 'invalid_interpolation' &&
          error.template === row.reported &&
          error.message ===
            `invalid interpolation format: ${JSON.stringify(row.reported)}; You may need to escape any $ with another $.`,
      );
    });
  }

  test('an invalid default is not an error while the default is unused', () => {
    assert.equal(substitute('${SET:-${ }}', states).value, 'value');
  });
});

// compose-go template/template_test.go, rewritten as tables.
describe('substitute: compose-go template cases', () => {
  const composeDefaults = lookupIn({ FOO: 'first', BAR: '', JSON: '{"json":2}' });
  const table: ReadonlyArray<readonly [template: string, expected: string]> = [
    ['$${foo}', '${foo}'],
    ['foo', 'foo'],
    ['a $ string', 'a $ string'],
    ['^REGEX$', '^REGEX$'],
    ['$}', '$}'],
    ['$', '$'],
    ['$FOO-bar', 'first-bar'],
    ['This ${missing} var', 'This  var'],
    ['This ${BAR} var', 'This  var'],
    ['This $FOO var', 'This first var'],
    ['This ${FOO} var', 'This first var'],
    ['ok ${missing:-def}', 'ok def'],
    ['ok ${missing-def}', 'ok def'],
    ['${A:+${A},}B', 'B'],
    ['${A:-${B}}', ''],
    ['ok ${BAR:-def}', 'ok def'],
    ['ok ${FOO:-def}', 'ok first'],
    ['ok ${BAR-def}', 'ok '],
    ['ok ${UNSET_VAR:+presence_value}', 'ok '],
    ['ok ${UNSET_VAR+presence_value}', 'ok '],
    ['ok ${FOO:+presence_value}', 'ok presence_value'],
    ['ok ${FOO+presence_value}', 'ok presence_value'],
    ['ok ${BAR+presence_value}', 'ok presence_value'],
    ['ok ${BAR:+presence_value}', 'ok '],
    ['ok ${BAR:-/non:-alphanumeric}', 'ok /non:-alphanumeric'],
    ['-ok ${BAR:-defaultValue}', '-ok defaultValue'],
    ['+ok ${UNSET:-${BAR-defaultValue}}', '+ok '],
    ['-ok ${FOO:-defaultValue}', '-ok first'],
    [':-ok ${UNSET-defaultValue}', ':-ok defaultValue'],
    [':-ok ${BAR-defaultValue}', ':-ok '],
    [':?ok ${BAR-defaultValue}', ':?ok '],
    [':?ok ${BAR:-defaultValue}', ':?ok defaultValue'],
    [':+ok ${BAR:-defaultValue}', ':+ok defaultValue'],
    ['+ok ${BAR-defaultValue}', '+ok '],
    ['?ok ${BAR:-defaultValue}', '?ok defaultValue'],
    ['ok ${UNSET_VAR-$FOO}', 'ok first'],
    ['ok ${UNSET_VAR-${FOO}}', 'ok first'],
    ['ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok first first'],
    ['ok ${BAR:-$FOO}', 'ok first'],
    ['ok ${BAR:-${FOO}}', 'ok first'],
    ['ok ${BAR:-${FOO} ${FOO}}', 'ok first first'],
    ['ok ${BAR+$FOO}', 'ok first'],
    ['ok ${BAR+$FOO ${FOO:+second}}', 'ok first second'],
    ['ok ${FOO:?err}', 'ok first'],
    ['ok ${FOO?err}', 'ok first'],
    ['ok ${BAR?err}', 'ok '],
    ['${UNSET_VAR-myerror?msg}', 'myerror?msg'],
    ['${FOO?bar-baz}', 'first'],
    ['${BAR:-default_value_for_empty_var}', 'default_value_for_empty_var'],
    ['${UNSET_VAR-default_value_for_unset_var}', 'default_value_for_unset_var'],
    ['ok ${missing:-{"json":1}}', 'ok {"json":1}'],
    ['ok ${missing-{"json":1}}', 'ok {"json":1}'],
    ['ok ${JSON:-{"json":1}}', 'ok {"json":2}'],
    ['ok ${JSON-{"json":1}}', 'ok {"json":2}'],
    ['ok ${SUBDOMAIN:-redis}.${FOO:?}', 'ok redis.first'],
  ];
  for (const [template, expected] of table) {
    test(`${template} → ${JSON.stringify(expected)}`, () => {
      assert.equal(substitute(template, composeDefaults).value, expected);
    });
  }

  // The operator is the one written right after the name, whatever follows.
  const operatorChoice: ReadonlyArray<readonly [template: string, whenUnset: string | 'error']> = [
    ['${VARNAME:?val?ue}', 'error'],
    ['${VARNAME?val:?ue}', 'error'],
    ['${VARNAME?va-lu+e:?e}', 'error'],
    ['${VARNAME:-value}', 'value'],
    ['${VARNAME-va:-lu:?e}', 'va:-lu:?e'],
    ['${VARNAME-va+lu?e}', 'va+lu?e'],
    ['${VARNAME:+va:?lu:-e}', ''],
    ['${VARNAME+va:+lue}', ''],
  ];
  for (const [template, whenUnset] of operatorChoice) {
    test(`operator precedence in ${template}`, () => {
      if (whenUnset === 'error') assert.throws(() => substitute(template, composeDefaults), MissingVariableError);
      else assert.equal(substitute(template, composeDefaults).value, whenUnset);
    });
  }
});
