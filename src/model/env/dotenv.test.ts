import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../errors.js';
import type { SourceLocation } from '../../errors.js';
import { MissingVariableError } from '../interpolate/index.js';
import { parseDotenv } from './dotenv.js';

const nothingSet = (): undefined => undefined;
const lookupIn =
  (variables: Record<string, string>) =>
  (name: string): string | undefined =>
    Object.hasOwn(variables, name) ? variables[name] : undefined;

function parse(text: string, lookup: (name: string) => string | undefined = nothingSet): Record<string, string> {
  return Object.fromEntries(parseDotenv(text, { file: 'test.env', lookup }));
}

// compose-go dotenv/godotenv_test.go TestParsing and friends, one line each.
describe('parseDotenv: one line', () => {
  const table: ReadonlyArray<readonly [line: string, key: string, value: string]> = [
    ['FOO=bar', 'FOO', 'bar'],
    ['FOO =bar', 'FOO', 'bar'],
    ['FOO= bar', 'FOO', 'bar'],
    ['FOO="bar"', 'FOO', 'bar'],
    ["FOO='bar'", 'FOO', 'bar'],
    ['FOO="escaped\\"bar"', 'FOO', 'escaped"bar'],
    ['FOO="\\"quoted\\""', 'FOO', '"quoted"'],
    ['FOO="\'d\'"', 'FOO', "'d'"],
    ['OPTION_A: 1', 'OPTION_A', '1'],
    ['OPTION_A: Foo=bar', 'OPTION_A', 'Foo=bar'],
    ['OPTION_A=1:B', 'OPTION_A', '1:B'],
    ['export OPTION_A=2', 'OPTION_A', '2'],
    ["export OPTION_B='\\n'", 'OPTION_B', '\\n'],
    ['export exportFoo=2', 'exportFoo', '2'],
    ['exportFOO=2', 'exportFOO', '2'],
    ['export_FOO =2', 'export_FOO', '2'],
    ['export.FOO= 2', 'export.FOO', '2'],
    ['export\tOPTION_A=2', 'OPTION_A', '2'],
    ['  export OPTION_A=2', 'OPTION_A', '2'],
    ['\texport OPTION_A=2', 'OPTION_A', '2'],
    ['export OPTION_A="export A"', 'OPTION_A', 'export A'],
    ['FOO="bar\\nbaz"', 'FOO', 'bar\nbaz'],
    ['FOO=a\\tb', 'FOO', 'a\\tb'],
    ['FOO="a\\tb"', 'FOO', 'a\tb'],
    ['KEY="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"', 'KEY', 'Z\x07Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ'],
    ['FOO.BAR=foobar', 'FOO.BAR', 'foobar'],
    ['FOO=foobar=', 'FOO', 'foobar='],
    ['FOO=bar ', 'FOO', 'bar'],
    ['FOO=bar # this is foo', 'FOO', 'bar'],
    ['FOO=bar #this is foo', 'FOO', 'bar'],
    ['FOO=bar #', 'FOO', 'bar'],
    ['FOO=123#not-an-inline-comment', 'FOO', '123#not-an-inline-comment'],
    ['FOO="bar#baz"', 'FOO', 'bar#baz'],
    ['FOO="bar#baz"#', 'FOO', 'bar#baz'],
    ['FOO="bar#baz" # comment', 'FOO', 'bar#baz'],
    ["FOO='bar#baz' # comment", 'FOO', 'bar#baz'],
    ['FOO="bar#baz#bang" # comment', 'FOO', 'bar#baz#bang'],
    ['FOO="ba#r"', 'FOO', 'ba#r'],
    ["FOO='ba#r'", 'FOO', 'ba#r'],
    ['FOO="bar\\n\\ b\\az"', 'FOO', 'bar\n\\ b\x07z'],
    ['FOO="bar\\\\\\n\\ b\\az"', 'FOO', 'bar\\\n\\ b\x07z'],
    ['FOO="bar\\\\r\\ b\\az"', 'FOO', 'bar\\r\\ b\x07z'],
    ['FOO="bar\\nbaz\\\\"', 'FOO', 'bar\nbaz\\'],
    ['="value"', '', 'value'],
    [' KEY =value', 'KEY', 'value'],
    ['   KEY=value', 'KEY', 'value'],
    ['\tKEY=value', 'KEY', 'value'],
    ['KEY="\\0123"', 'KEY', 'S'],
    ['KEY="\\x07"', 'KEY', '\\x07'],
    ['KEY="\\u12e4"', 'KEY', '\\u12e4'],
    ['KEY="\\U00101234"', 'KEY', '\\U00101234'],
    // Octal escapes need exactly three digits worth at most 255.
    ['KEY="\\012|\\0400|\\0"', 'KEY', '\\012|\\0400|\\0'],
    ["KEY='Let\\'s go!'", 'KEY', "Let's go!"],
    ["KEY='a\\\\b'", 'KEY', 'a\\\\b'],
    ['KEY="it\'s"', 'KEY', "it's"],
    ['KEY=`backticks`', 'KEY', '`backticks`'],
    ['KEY=value\r', 'KEY', 'value'],
    ['KEY=', 'KEY', ''],
    ['a[1]=c', 'a[1]', 'c'],
    ['a.propertyKey=d', 'a.propertyKey', 'd'],
    ['árvíztűrő-TÜKÖRFÚRÓGÉP=ÁRVÍZTŰRŐ-tükörfúrógép', 'árvíztűrő-TÜKÖRFÚRÓGÉP', 'ÁRVÍZTŰRŐ-tükörfúrógép'],
  ];
  for (const [line, key, value] of table) {
    test(`${JSON.stringify(line)} → ${JSON.stringify(key)}=${JSON.stringify(value)}`, () => {
      assert.equal(parseDotenv(line, { file: 'test.env', lookup: nothingSet }).get(key), value);
    });
  }
});

describe('parseDotenv: whole files', () => {
  test('TestParse: several lines, mixed quoting', () => {
    assert.deepEqual(parse('ONE=1\nTWO=\'2\'\nTHREE = "3"'), { ONE: '1', TWO: '2', THREE: '3' });
  });

  test('a double-quoted value may span lines', () => {
    const text = 'TEST_URLS="stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443"';
    assert.deepEqual(parse(text), {
      TEST_URLS: 'stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443',
    });
  });

  test('keeps the order in which keys first appear', () => {
    assert.deepEqual([...parseDotenv('B=1\nA=2\nB=3\n', { file: 'test.env', lookup: nothingSet })], [
      ['B', '3'],
      ['A', '2'],
    ]);
  });

  test('windows line breaks', () => {
    assert.deepEqual(parse('A=1\r\nB="2"\r\n# c\r\nC\r\n', lookupIn({ C: 'c' })), { A: '1', B: '2', C: 'c' });
  });

  const ignored: ReadonlyArray<readonly [name: string, text: string]> = [
    ['only a line break', '\n'],
    ['only a windows line break', '\r\n'],
    ['only blanks', '\t\t '],
    ['a comment', '# Comment'],
    ['an indented comment', '\t # comment'],
    ['nothing', ''],
  ];
  for (const [name, text] of ignored) {
    test(`ignores ${name}`, () => assert.deepEqual(parse(text), {}));
  }

  test('a bare KEY takes its value from the lookup, even an empty one', () => {
    assert.deepEqual(parse('A\nB\nC\n', lookupIn({ A: 'from-os', B: '' })), { A: 'from-os', B: '' });
  });

  test('a bare KEY does not read earlier keys of the file', () => {
    assert.deepEqual(parse('A=1\nA\n'), { A: '1' });
  });

  // compose-go reads an unterminated last line without "=" as the value of the empty key.
  test('a bare KEY on a last line without a line break is the value of the empty key', () => {
    assert.deepEqual(parse('A=1\nLAST', lookupIn({ LAST: 'x' })), { A: '1', '': 'LAST' });
  });

  test('text after a closing quote starts a new statement', () => {
    assert.deepEqual(parse('A="1"B=2\nC=\'3\' D\n', lookupIn({ D: 'd' })), { A: '1', B: '2', C: '3', D: 'd' });
  });

  test('a tab inside a key is accepted, like compose-go does', () => {
    assert.deepEqual(parse('A\tB=1'), { 'A\tB': '1' });
  });
});

describe('parseDotenv: interpolation', () => {
  const table: ReadonlyArray<{ name: string; text: string; lookup?: Record<string, string>; expected: Record<string, string> }> = [
    { name: 'expands variables found in values', text: 'FOO=test\nBAR=$FOO', expected: { FOO: 'test', BAR: 'test' } },
    { name: 'braced variables', text: 'FOO=test\nBAR=${FOO}bar', expected: { FOO: 'test', BAR: 'testbar' } },
    { name: 'undefined variables become empty', text: 'BAR=$FOO', expected: { BAR: '' } },
    { name: 'double-quoted values are expanded', text: 'FOO=test\nBAR="quote $FOO"', expected: { FOO: 'test', BAR: 'quote test' } },
    { name: 'single-quoted values are literal', text: "BAR='quote $FOO ${FOO:-x}'", expected: { BAR: 'quote $FOO ${FOO:-x}' } },
    { name: '\\$ in double quotes escapes', text: 'FOO="foo\\$BAR"', expected: { FOO: 'foo$BAR' } },
    { name: '\\${…} in double quotes escapes', text: 'FOO="foo\\${BAR}"', expected: { FOO: 'foo${BAR}' } },
    { name: 'escaped and expanded side by side', text: 'FOO=test\nBAR="foo\\${FOO} ${FOO}"', expected: { FOO: 'test', BAR: 'foo${FOO} test' } },
    { name: '$$ is a literal dollar', text: 'FOO=$$BAR\nQ="$$x"', expected: { FOO: '$BAR', Q: '$x' } },
    { name: 'unquoted \\$ is not an escape', text: 'A=\\$B', lookup: { B: 'b' }, expected: { A: '\\b' } },
    { name: 'the lookup is read first', text: 'TEST=$ME', lookup: { ME: 'YES' }, expected: { TEST: 'YES' } },
    { name: 'the lookup wins over earlier keys', text: 'A=file\nB=$A', lookup: { A: 'outside' }, expected: { A: 'file', B: 'outside' } },
    { name: 'later keys are not visible', text: 'A=$B\nB=1', expected: { A: '', B: '1' } },
    { name: 'a key set to empty counts as set', text: 'E=\nA=${E-default}\nB=${E:-default}', expected: { E: '', A: '', B: 'default' } },
    // compose-go dotenv/godotenv_var_expansion_test.go, with EMPTY_VAR="" and TEST_VAR set.
    { name: ':- on unset', text: 'RESULT=${UNSET_VAR:-Default Value}', expected: { RESULT: 'Default Value' } },
    { name: ':- on empty', text: 'EMPTY_VAR=\nRESULT=${EMPTY_VAR:-Default Value}', expected: { EMPTY_VAR: '', RESULT: 'Default Value' } },
    { name: ':- on set', text: 'RESULT=${TEST_VAR:-Default Value}', lookup: { TEST_VAR: 'Test Value' }, expected: { RESULT: 'Test Value' } },
    { name: '- on unset', text: 'RESULT=${UNSET_VAR-Default Value}', expected: { RESULT: 'Default Value' } },
    { name: '- on empty', text: 'RESULT=${EMPTY_VAR-Default Value}', lookup: { EMPTY_VAR: '' }, expected: { RESULT: '' } },
    { name: '? on empty', text: 'RESULT=${EMPTY_VAR?Test error}', lookup: { EMPTY_VAR: '' }, expected: { RESULT: '' } },
    { name: ':? on set', text: 'RESULT=${TEST_VAR:?Default Value}', lookup: { TEST_VAR: 'Test Value' }, expected: { RESULT: 'Test Value' } },
  ];
  for (const row of table) {
    test(row.name, () => assert.deepEqual(parse(row.text, lookupIn(row.lookup ?? {})), row.expected));
  }

  test('reports unset variables with the place of the value', () => {
    const seen: Array<[string, SourceLocation]> = [];
    parseDotenv('A=1\nB="x ${NOPE}"\nC=${D:-$ALSO}', {
      file: 'test.env',
      lookup: nothingSet,
      onUnset: (name, location) => seen.push([name, location]),
    });
    assert.deepEqual(seen, [
      ['NOPE', { file: 'test.env', line: 2, column: 3 }],
      ['ALSO', { file: 'test.env', line: 3, column: 3 }],
    ]);
  });

  const missing: ReadonlyArray<readonly [text: string, variable: string, reason: string]> = [
    ['RESULT=${UNSET_VAR:?Test error}', 'UNSET_VAR', 'Test error'],
    ['EMPTY_VAR=\nRESULT=${EMPTY_VAR:?Test error}', 'EMPTY_VAR', 'Test error'],
    ['RESULT="${UNSET_VAR?Test error}"', 'UNSET_VAR', 'Test error'],
  ];
  for (const [text, variable, reason] of missing) {
    test(`${JSON.stringify(text)} fails: ${variable} is required`, () => {
      assert.throws(
        () => parse(text),
        (error: unknown) =>
          error instanceof MissingVariableError &&
          error.variable === variable &&
          error.reason === reason &&
          error.location?.file === 'test.env' &&
          error.location.line === text.split('\n').length &&
          error.message.endsWith(`error while interpolating the value of RESULT: required variable ${variable} is missing a value: ${reason}`),
      );
    });
  }

  test('an invalid template fails with the place of the value', () => {
    assert.throws(() => parse('A=1\nB=x${'), {
      code: 'invalid_interpolation',
      message: 'test.env:2:3: invalid interpolation format for the value of B: "x${"; You may need to escape any $ with another $.',
    });
  });
});

describe('parseDotenv: invalid files', () => {
  const table: ReadonlyArray<{ text: string; line: number; column: number; says: string }> = [
    { text: 'lol$wut', line: 1, column: 4, says: 'unexpected character "$" in variable name "lol$wut"' },
    { text: '%!(EXTRA string)=foo', line: 1, column: 1, says: 'unexpected character "%" in variable name "%!(EXTRA string)=foo"' },
    { text: 'A=1\n\nFOO BAR=1', line: 3, column: 1, says: 'key cannot contain a space' },
    { text: 'KEY="', line: 1, column: 5, says: 'unterminated quoted value "' },
    { text: 'KEY="value', line: 1, column: 5, says: 'unterminated quoted value "value' },
    { text: 'KEY="value\\"', line: 1, column: 5, says: 'unterminated quoted value "value\\"' },
    { text: "KEY=\"value'", line: 1, column: 5, says: 'unterminated quoted value "value\'' },
    { text: "KEY='", line: 1, column: 5, says: "unterminated quoted value '" },
    { text: "KEY='value", line: 1, column: 5, says: "unterminated quoted value 'value" },
    { text: "KEY='value\\'", line: 1, column: 5, says: "unterminated quoted value 'value\\'" },
    { text: 'A=1\n  KEY = \'value"\nmore', line: 2, column: 9, says: 'unterminated quoted value \'value"' },
  ];
  for (const row of table) {
    test(`${JSON.stringify(row.text)} fails at ${row.line}:${row.column}`, () => {
      assert.throws(
        () => parse(row.text),
        (error: unknown) =>
          error instanceof BerthError &&
          error.code === 'invalid_env_file' &&
          error.location?.file === 'test.env' &&
          error.location.line === row.line &&
          error.location.column === row.column &&
          error.message.startsWith(`test.env:${row.line}:${row.column}: ${row.says}`),
      );
    });
  }

  test('a thousand lines parse into a thousand keys', () => {
    const lines = Array.from({ length: 1000 }, (_, index) => `KEY${index}=VALUE${index}`);
    const values = parseDotenv(lines.join('\n'), { file: 'test.env', lookup: nothingSet });
    assert.equal(values.size, 1000);
    assert.equal(values.get('KEY999'), 'VALUE999');
  });
});
