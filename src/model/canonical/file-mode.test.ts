import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalFileMode } from './file-mode.js';

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
