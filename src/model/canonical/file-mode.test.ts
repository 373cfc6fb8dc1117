import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Tags, parse } from 'yaml';
import { canonicalFileMode, legacyOctalIntTag } from './file-mode.js';

describe('canonicalFileMode', () => {
  const cases: [input: unknown, printed: string][] = [
    [0o440, '0440'],
    [288, '0440'],
    ['0440', '0440'],
    ['440', '0440'],
    ['0777', '0777'],
    // a decimal number is taken as the mode itself, as compose-go does
    [440, '0670'],
    [0, '00'],
  ];
  for (const [input, printed] of cases) {
    test(JSON.stringify(input), () => assert.deepEqual(canonicalFileMode(input), { ok: true, value: printed }));
  }
  for (const input of ['0o440', '0x1ff', '8', -1, 1.5, true]) {
    test(`${JSON.stringify(input)} is rejected`, () => assert.equal(canonicalFileMode(input).ok, false));
  }
});

describe('legacyOctalIntTag', () => {
  test('reads 0440 as octal, like go-yaml, and leaves other scalars alone', () => {
    const options = { customTags: (tags: Tags): Tags => [legacyOctalIntTag, ...tags] };
    assert.deepEqual(parse('a: 0440\nb: 0o440\nc: 440\nd: "0440"\ne: 0\nf: 08\ng: yes', options), {
      a: 288,
      b: 288,
      c: 440,
      d: '0440',
      e: 0,
      f: 8,
      g: 'yes',
    });
  });
  test('without it, YAML 1.2 reads 0440 as decimal', () => {
    assert.deepEqual(parse('a: 0440'), { a: 440 });
  });
});
