import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalByteSize, parseByteSize } from './byte-size.js';

describe('parseByteSize', () => {
  const valid: [input: unknown, bytes: bigint][] = [
    [1024, 1024n],
    ['1024', 1024n],
    ['-1', -1n],
    // a plain negative integer is accepted, as compose-go parses integers first
    ['-32', -32n],
    ['0', 0n],
    ['32', 32n],
    ['32b', 32n],
    ['32B', 32n],
    ['32k', 32n * 1024n],
    ['32K', 32n * 1024n],
    ['32kb', 32n * 1024n],
    ['32Kib', 32n * 1024n],
    ['32Mb', 32n * 1024n * 1024n],
    ['512m', 512n * 1024n * 1024n],
    ['1g', 1024n ** 3n],
    ['1gb', 1024n ** 3n],
    ['2GiB', 2n * 1024n ** 3n],
    ['1.5g', 1_610_612_736n],
    ['0.5k', 512n],
    ['32.3', 32n],
    ['1 g', 1024n ** 3n],
    ['4t', 4n * 1024n ** 4n],
    ['1p', 1024n ** 5n],
  ];
  for (const [input, bytes] of valid) {
    test(`${JSON.stringify(input)}`, () => assert.deepEqual(parseByteSize(input), { ok: true, value: bytes }));
  }
  const invalid: [input: unknown, reason: RegExp][] = [
    ['', /no digits/],
    ['hello', /no digits/],
    ['-32k', /negative/],
    ['32bb', /"bb" is not a unit/],
    ['32kbb', /not a unit/],
    ['32mm', /not a unit/],
    ['32x', /not a unit/],
    ['.3k.', /is not a number/],
    [1.5, /not a whole number/],
    [true, /not a number or a string/],
  ];
  for (const [input, reason] of invalid) {
    test(`${JSON.stringify(input)} is rejected`, () => {
      const result = parseByteSize(input);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
});

test('canonicalByteSize prints decimal bytes as compose-go does', () => {
  assert.deepEqual(canonicalByteSize('1gb'), { ok: true, value: '1073741824' });
  assert.deepEqual(canonicalByteSize(65536), { ok: true, value: '65536' });
});
