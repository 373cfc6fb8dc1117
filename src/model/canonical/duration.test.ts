import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalDuration, formatDuration, parseDuration } from './duration.js';

const SECOND = 1_000_000_000n;

describe('parseDuration', () => {
  const valid: [text: string, nanoseconds: bigint][] = [
    ['0', 0n],
    ['-0', 0n],
    ['90s', 90n * SECOND],
    ['1m30s', 90n * SECOND],
    ['1.5h', 5400n * SECOND],
    ['.5s', SECOND / 2n],
    ['1.s', SECOND],
    ['300ms', 300_000_000n],
    ['10us', 10_000n],
    ['10µs', 10_000n],
    ['10μs', 10_000n],
    ['7ns', 7n],
    ['2d', 48n * 3600n * SECOND],
    ['1w', 7n * 24n * 3600n * SECOND],
    ['-1.5s', -1_500_000_000n],
    ['+2h45m', (2n * 3600n + 45n * 60n) * SECOND],
    ['1.1s', 1_100_000_000n],
  ];
  for (const [text, nanoseconds] of valid) {
    test(`"${text}"`, () => assert.deepEqual(parseDuration(text), { ok: true, value: nanoseconds }));
  }
  const invalid: [text: string, reason: RegExp][] = [
    ['', /empty/],
    ['10', /no unit/],
    ['1y', /"y" is not a unit/],
    ['s', /does not start with a number/],
    ['.s', /does not start with a number/],
    ['1m30', /no unit/],
    ['9999999999999999999h', /too long/],
  ];
  for (const [text, reason] of invalid) {
    test(`"${text}" is rejected`, () => {
      const result = parseDuration(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
});

describe('formatDuration prints like Go', () => {
  const cases: [nanoseconds: bigint, text: string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1_500n, '1.5µs'],
    [1_000_000n, '1ms'],
    [1_500_000n, '1.5ms'],
    [500_000_000n, '500ms'],
    [SECOND, '1s'],
    [1_500_000_000n, '1.5s'],
    [90n * SECOND, '1m30s'],
    [3600n * SECOND, '1h0m0s'],
    [48n * 3600n * SECOND, '48h0m0s'],
    [3661n * SECOND + 1n, '1h1m1.000000001s'],
    [-90n * SECOND, '-1m30s'],
  ];
  for (const [nanoseconds, text] of cases) {
    test(text, () => assert.equal(formatDuration(nanoseconds), text));
  }
});

describe('canonicalDuration', () => {
  test('reprints in Go form', () => {
    assert.deepEqual(canonicalDuration('90s'), { ok: true, value: '1m30s' });
    assert.deepEqual(canonicalDuration('1h'), { ok: true, value: '1h0m0s' });
  });
  test('the number 0 is a zero duration', () => {
    assert.deepEqual(canonicalDuration(0), { ok: true, value: '0s' });
  });
  test('other numbers lack a unit, as in compose-go', () => {
    assert.deepEqual(canonicalDuration(10), { ok: false, reason: 'a number needs a unit' });
  });
});
