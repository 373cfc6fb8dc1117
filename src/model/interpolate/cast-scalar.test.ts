import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { castScalar } from './cast-scalar.js';
import type { CastKind } from './type-cast-rules.js';

describe('castScalar', () => {
  // Accepted and rejected spellings follow Go's strconv.Atoi / strconv.ParseFloat.
  const accepted: ReadonlyArray<readonly [CastKind, string, number | boolean]> = [
    ['int', '42', 42],
    ['int', '+7', 7],
    ['int', '-12', -12],
    ['int', '007', 7],
    ['int', '9223372036854775807', 9223372036854775807],
    ['float', '1.5', 1.5],
    ['float', '.5', 0.5],
    ['float', '5.', 5],
    ['float', '-2e3', -2000],
    ['float', '1E-2', 0.01],
    ['float', 'Inf', Number.POSITIVE_INFINITY],
    ['float', '-infinity', Number.NEGATIVE_INFINITY],
    ['float', '0x1p-2', 0.25],
    ['float', '0x1.8p1', 3],
    ['float32', '0.1', 0.1],
    ['float32', '2', 2],
    ['bool', 'true', true],
    ['bool', 'TRUE', true],
    ['bool', 'False', false],
    ['bool', 'yes', true],
    ['bool', 'ON', true],
    ['bool', 'Y', true],
    ['bool', 'no', false],
    ['bool', 'off', false],
    ['bool', 'n', false],
  ];
  for (const [kind, text, expected] of accepted) {
    test(`${kind} accepts ${JSON.stringify(text)}`, () => {
      const outcome = castScalar(kind, text);
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.value, expected);
    });
  }

  test('float accepts NaN', () => {
    const outcome = castScalar('float', 'nan');
    assert.ok(outcome.ok && Number.isNaN(outcome.value));
  });

  const rejected: ReadonlyArray<readonly [CastKind, string]> = [
    ['int', ''],
    ['int', ' 5'],
    ['int', '5 '],
    ['int', '1.0'],
    ['int', '1_000'],
    ['int', '0x10'],
    ['int', '9223372036854775808'],
    ['float', ''],
    ['float', 'abc'],
    ['float', '1,5'],
    ['float', '1e400'],
    ['float', '+nan'],
    ['float32', '1e39'],
    ['bool', ''],
    ['bool', '1'],
    ['bool', 'yess'],
  ];
  for (const [kind, text] of rejected) {
    test(`${kind} rejects ${JSON.stringify(text)}`, () => {
      assert.equal(castScalar(kind, text).ok, false);
    });
  }

  test('only YAML 1.1 spellings warn', () => {
    const plain = castScalar('bool', 'true');
    assert.ok(plain.ok);
    assert.equal(plain.warning, undefined);
    const outcome = castScalar('bool', 'Yes');
    assert.ok(outcome.ok);
    assert.equal(outcome.warning, '"Yes" for boolean is not supported by YAML 1.2, please use `true`');
  });
});
