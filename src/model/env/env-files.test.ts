import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../errors.js';
import { parseEnvFile } from './env-file-format.js';
import { parseEnvFiles } from './env-files.js';
import { parseRawEnv } from './raw-env.js';

const nothingSet = (): undefined => undefined;
const lookupIn =
  (variables: Record<string, string>) =>
  (name: string): string | undefined =>
    Object.hasOwn(variables, name) ? variables[name] : undefined;

describe('parseEnvFiles', () => {
  // compose-go dotenv TestMultipleFiles.
  const sources = [
    { file: 'base.env', text: '\nENV_HOSTNAME=localhost\nENV_MY_URL="http://${ENV_HOSTNAME}"\n' },
    { file: 'override.env', text: '\nENV_HOSTNAME=dev.my-company.com\nENV_MY_URL="http://${ENV_HOSTNAME}"\n' },
  ];

  test('later files override earlier ones and see their own keys first', () => {
    assert.deepEqual(Object.fromEntries(parseEnvFiles(sources, { lookup: nothingSet })), {
      ENV_HOSTNAME: 'dev.my-company.com',
      ENV_MY_URL: 'http://dev.my-company.com',
    });
  });

  test('the outside environment wins in references', () => {
    assert.deepEqual(Object.fromEntries(parseEnvFiles(sources, { lookup: lookupIn({ ENV_HOSTNAME: 'host.local' }) })), {
      ENV_HOSTNAME: 'dev.my-company.com',
      ENV_MY_URL: 'http://host.local',
    });
  });

  test('a value may refer to an earlier file, and a bare key inherits from it', () => {
    const values = parseEnvFiles(
      [
        { file: 'a.env', text: 'A=1\n' },
        { file: 'b.env', text: 'B=${A}2\nA\n' },
      ],
      { lookup: nothingSet },
    );
    assert.deepEqual(Object.fromEntries(values), { A: '1', B: '12' });
  });

  test('errors name the file they come from', () => {
    assert.throws(
      () => parseEnvFiles([{ file: 'a.env', text: 'A=1\n' }, { file: 'b.env', text: 'B="open\n' }], { lookup: nothingSet }),
      (error: unknown) => error instanceof BerthError && error.location?.file === 'b.env' && error.location.line === 1,
    );
  });
});

describe('parseEnvFile formats', () => {
  test('no format, an empty format and ".env" all mean the .env format', () => {
    for (const format of [undefined, '', '.env']) {
      const values = parseEnvFile('A="x $B"', { file: 'f', lookup: lookupIn({ B: 'b' }), format });
      assert.equal(values.get('A'), 'x b');
    }
  });

  test('"raw" takes values verbatim', () => {
    const values = parseEnvFile('A="x $B" # not a comment\n', { file: 'f', lookup: lookupIn({ B: 'b' }), format: 'raw' });
    assert.equal(values.get('A'), '"x $B" # not a comment');
  });

  test('an unknown format is an error naming the known ones', () => {
    assert.throws(() => parseEnvFile('A=1', { file: 'app.env', lookup: nothingSet, format: 'yaml' }), {
      code: 'invalid_env_file',
      message: 'unsupported env_file format "yaml" for app.env; use one of ".env", "raw"',
    });
  });
});

// docker/cli kvfile semantics, which docker compose uses for `format: raw`.
describe('parseRawEnv', () => {
  const table: ReadonlyArray<{ name: string; text: string; lookup?: Record<string, string>; expected: Record<string, string> }> = [
    { name: 'keeps values verbatim, trailing blanks included', text: "A='q'\nB=$X \nC=a=b\n", expected: { A: "'q'", B: '$X ', C: 'a=b' } },
    { name: 'skips blank lines and comments, trims indentation', text: '\n  # c\n\tA=1\n', expected: { A: '1' } },
    { name: 'an empty value is a value', text: 'A=', expected: { A: '' } },
    { name: 'a bare key inherits, or is left out', text: 'A\nB\n', lookup: { A: 'a' }, expected: { A: 'a' } },
    { name: 'strips a byte order mark and windows line breaks', text: '\uFEFFA=1\r\nB=2\r\n', expected: { A: '1', B: '2' } },
  ];
  for (const row of table) {
    test(row.name, () => {
      const values = parseRawEnv(row.text, { file: 'raw.env', lookup: lookupIn(row.lookup ?? {}) });
      assert.deepEqual(Object.fromEntries(values), row.expected);
    });
  }

  const invalid: ReadonlyArray<readonly [text: string, line: number, says: string]> = [
    ['A=1\n=2', 2, "no variable name on line '=2'"],
    ['A B=1', 1, "variable 'A B' contains whitespaces"],
    ['A\t=1', 1, "variable 'A\t' contains whitespaces"],
  ];
  for (const [text, line, says] of invalid) {
    test(`${JSON.stringify(text)} fails at line ${line}`, () => {
      assert.throws(
        () => parseRawEnv(text, { file: 'raw.env', lookup: nothingSet }),
        (error: unknown) =>
          error instanceof BerthError &&
          error.code === 'invalid_env_file' &&
          error.location?.line === line &&
          error.message.startsWith(`raw.env:${line}:1: ${says}`),
      );
    });
  }
});
