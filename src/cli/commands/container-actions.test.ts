import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isYes } from './container-actions.js';

describe('rm confirmation answers', () => {
  const cases: readonly [string, boolean][] = [
    ['y', true],
    ['Yes', true],
    ['TRUE', true],
    ['1', true],
    [' y ', true],
    ['', false],
    ['n', false],
    ['no', false],
    ['yess', false],
  ];
  for (const [answer, yes] of cases) test(JSON.stringify(answer), () => assert.equal(isYes(answer), yes));
});
