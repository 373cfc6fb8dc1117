import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBuildArgs } from './build.js';

test('--build-arg KEY=VALUE sets a value; a bare KEY takes the environment\'s, and is left out when unset', () => {
  assert.deepEqual(parseBuildArgs(['A=1', 'B=x=y', 'C', 'MISSING', 'EMPTY='], { C: 'from-env', A: 'ignored' }), { A: '1', B: 'x=y', C: 'from-env', EMPTY: '' });
});
