import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PullPolicy } from '../model/index.js';
import { isLatestTag, pullDecision } from './pull.js';

describe('pullDecision (an explicit pull, unlike up)', () => {
  const cases: readonly [PullPolicy | undefined, string, boolean, boolean][] = [
    // policy, image, present → pulls
    [undefined, 'redis:7', true, true],
    ['always', 'redis:7', true, true],
    ['missing', 'redis:7', false, true],
    ['missing', 'redis:7', true, false],
    ['missing', 'redis', true, true],
    ['missing', 'redis:latest', true, true],
    ['daily', 'redis:7', true, true],
    ['every_12h', 'redis:7', true, true],
    ['never', 'redis:7', false, false],
    ['build', 'redis:7', false, false],
  ];
  for (const [policy, image, present, pulls] of cases) {
    test(`${policy ?? '(none)'} ${image} ${present ? 'present' : 'absent'} → ${pulls ? 'pull' : 'skip'}`, () => {
      assert.equal(pullDecision({ image, ...(policy !== undefined ? { pull_policy: policy } : {}) }, present).pull, pulls);
    });
  }
  test('a present image under missing says why it is skipped', () =>
    assert.deepEqual(pullDecision({ image: 'redis:7', pull_policy: 'missing' }, true), { pull: false, reason: 'Image is already present locally' }));
});

describe('isLatestTag', () => {
  const cases: readonly [string, boolean][] = [
    ['web', true],
    ['web:latest', true],
    ['127.0.0.1:5000/web', true],
    ['127.0.0.1:5000/web:1.0', false],
    ['web:1.2', false],
    ['web@sha256:0123', false],
  ];
  for (const [reference, latest] of cases) test(reference, () => assert.equal(isLatestTag(reference), latest));
});
