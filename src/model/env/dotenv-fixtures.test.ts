/**
 * compose-go's own `.env` fixtures, read by berth's parser. The expected
 * values are those compose-go's dotenv tests assert for each file.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BerthError } from '../../errors.js';
import { parseDotenv } from './dotenv.js';
import { parseEnvFile } from './env-file-format.js';
import type { EnvFileParser } from './env-file-format.js';

const fixturesDirectory = new URL('../../../../shared/conformance/compose-go/dotenv/fixtures/', import.meta.url);
const skip = existsSync(fixturesDirectory)
  ? false
  : `compose-go dotenv fixtures not found at ${fileURLToPath(fixturesDirectory)} (a clone of berth alone has no ../shared)`;

const readFixture = (name: string): string => readFileSync(new URL(name, fixturesDirectory), 'utf8');
const nothingSet = (): undefined => undefined;
const lookupIn =
  (variables: Record<string, string>) =>
  (name: string): string | undefined =>
    Object.hasOwn(variables, name) ? variables[name] : undefined;

function parseFixture(name: string, lookup: (name: string) => string | undefined = nothingSet): Record<string, string> {
  return Object.fromEntries(parseDotenv(readFixture(name), { file: name, lookup }));
}

// compose-go's `Read` drops keys starting with a digit, but the paths Compose
// loads files through (`GetEnvFromFile`, env_file formats) keep them.
const plainValues = {
  OPTION_A: '1',
  OPTION_B: '2',
  OPTION_C: '3',
  OPTION_D: '4',
  OPTION_E: '5',
  '456': 'ABC',
  OPTION_F: '',
  OPTION_G: '',
  OPTION_H: 'my string',
};

describe('compose-go dotenv fixtures', () => {
  test('plain.env', { skip }, () => {
    assert.deepEqual(parseFixture('plain.env'), plainValues);
  });

  test('utf8-bom.env', { skip }, () => {
    const text = readFixture('utf8-bom.env');
    // The byte order mark is invisible; make sure the fixture still has it.
    assert.ok(text.startsWith('\uFEFF'));
    assert.deepEqual(parseFixture('utf8-bom.env'), plainValues);
  });

  test('exported.env', { skip }, () => {
    assert.deepEqual(parseFixture('exported.env'), { OPTION_A: '2', OPTION_B: '\\n' });
  });

  test('equals.env', { skip }, () => {
    assert.deepEqual(parseFixture('equals.env'), {
      OPTION_A: 'postgres://localhost:5432/database?sslmode=disable',
    });
  });

  test('quoted.env', { skip }, () => {
    assert.deepEqual(parseFixture('quoted.env'), {
      OPTION_A: '1',
      OPTION_B: '2',
      OPTION_C: '',
      OPTION_D: '\\n',
      OPTION_E: '1',
      OPTION_F: '2',
      OPTION_G: '',
      OPTION_H: '\n',
      OPTION_I: "echo 'asd'",
      OPTION_J: 'first line\nsecond line\nthird line\nand so on',
      OPTION_K: "Let's go!",
      OPTION_Z: 'last value',
    });
  });

  test('unquoted.env', { skip }, () => {
    assert.deepEqual(parseFixture('unquoted.env'), {
      OPTION_A: 'some quoted phrase',
      OPTION_B: 'first one with an unquoted phrase',
      OPTION_C: 'then another one with an unquoted phrase',
      OPTION_D: 'then another one with an unquoted phrase special è char',
      OPTION_E: 'then another one quoted phrase',
    });
  });

  test('special.env', { skip }, () => {
    assert.deepEqual(parseFixture('special.env'), {
      'VAR.WITH.DOTS': 'dots',
      VAR_WITH_UNDERSCORES: 'underscores',
      'VAR-WITH-DASHES': 'dashes',
    });
  });

  describe('substitutions.env', () => {
    test('reads earlier keys of the file', { skip }, () => {
      assert.deepEqual(parseFixture('substitutions.env'), {
        OPTION_A: '1',
        OPTION_B: '1',
        OPTION_C: '1',
        OPTION_D: '1_1',
        OPTION_E: '',
      });
    });
    test('the outside environment wins over keys of the file', { skip }, () => {
      assert.deepEqual(parseFixture('substitutions.env', lookupIn({ OPTION_A: '5' })), {
        OPTION_A: '1',
        OPTION_B: '5',
        OPTION_C: '5',
        OPTION_D: '5_5',
        OPTION_E: '',
      });
    });
  });

  describe('substitutions-default.env', () => {
    test('takes the default when nothing is set', { skip }, () => {
      assert.deepEqual(parseFixture('substitutions-default.env'), {
        OPTION_A: '1',
        OPTION_B: '1',
        OPTION_C: '1',
        OPTION_D: '1_1',
        OPTION_E: '',
      });
    });
    test('takes the outside value over the default', { skip }, () => {
      assert.deepEqual(parseFixture('substitutions-default.env', lookupIn({ OPTION_A: '5' })), {
        OPTION_A: '5',
        OPTION_B: '5',
        OPTION_C: '5',
        OPTION_D: '5_5',
        OPTION_E: '',
      });
    });
  });

  const outside = lookupIn({ VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE' });

  test('inherited-single-var.env', { skip }, () => {
    assert.deepEqual(parseFixture('inherited-single-var.env', outside), {
      VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE',
    });
    assert.deepEqual(parseFixture('inherited-single-var.env'), {});
  });

  test('inherited-multi-var.env', { skip }, () => {
    assert.deepEqual(parseFixture('inherited-multi-var.env', outside), {
      foo: 'bar',
      VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE',
      bar: 'baz',
    });
  });

  test('inherited-not-found.env asks the lookup and leaves the key out', { skip }, () => {
    const asked: string[] = [];
    const values = parseFixture('inherited-not-found.env', (name) => {
      asked.push(name);
      return undefined;
    });
    assert.deepEqual(values, {});
    assert.deepEqual(asked, ['VARIABLE_NOT_FOUND']);
  });

  test('invalid1.env fails at line 7', { skip }, () => {
    assert.throws(
      () => parseFixture('invalid1.env'),
      (error: unknown) =>
        error instanceof BerthError &&
        error.code === 'invalid_env_file' &&
        error.location?.file === 'invalid1.env' &&
        error.location.line === 7 &&
        error.location.column === 1 &&
        error.message.includes('key cannot contain a space'),
    );
  });

  describe('custom.format', () => {
    test('is also valid .env text (YAML-style "KEY:value")', { skip }, () => {
      assert.deepEqual(parseFixture('custom.format'), { FOO: 'BAR', ZOT: 'QIX' });
    });

    test('can be read by a format parser the caller brings', { skip }, () => {
      // The same toy format compose-go's TestLoadWithFormat registers: KEY:VALUE lines, bare keys inherited.
      const colonSeparated: EnvFileParser = (text, options) => {
        const values = new Map<string, string>();
        for (const line of text.split('\n')) {
          const separator = line.indexOf(':');
          if (separator === -1) {
            const inherited = options.lookup(line);
            if (inherited !== undefined) values.set(line, inherited);
          } else {
            values.set(line.slice(0, separator), line.slice(separator + 1));
          }
        }
        return values;
      };
      const values = parseEnvFile(readFixture('custom.format'), {
        file: 'custom.format',
        lookup: nothingSet,
        format: 'custom',
        formats: new Map([['custom', colonSeparated]]),
      });
      assert.deepEqual(Object.fromEntries(values), { FOO: 'BAR', ZOT: 'QIX' });
    });
  });
});
