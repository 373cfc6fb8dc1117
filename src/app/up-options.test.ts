import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScale, UP_DEFAULTS, validateUpOptions, type UpOptions } from './up-options.js';

describe('validateUpOptions', () => {
  const conflicts: readonly [string, Partial<UpOptions>, RegExp][] = [
    ['--wait with --abort-on-container-exit', { wait: true, abortOnContainerExit: true }, /--wait and --abort-on-container-exit/],
    ['--wait with --attach', { wait: true, attach: ['web'] }, /--wait and --attach/],
    ['-d with --exit-code-from', { detach: true, exitCodeFrom: 'web' }, /-d and --abort-on-container-exit/],
    ['-d with --attach-dependencies', { detach: true, attachDependencies: true }, /-d and --attach/],
    ['both abort flags', { abortOnContainerExit: true, abortOnContainerFailure: true }, /--abort-on-container-exit and --abort-on-container-failure/],
    ['--force-recreate with --no-recreate', { forceRecreate: true, noRecreate: true }, /--force-recreate and --no-recreate/],
    ['--no-start with --wait', { noStart: true, wait: true }, /--no-start and --wait/],
    ['a negative --wait-timeout', { waitTimeoutMs: -1 }, /--wait-timeout must be/],
    ['a fractional -t', { timeoutSeconds: 1.5 }, /-t\/--timeout must be a whole number/],
  ];
  for (const [intent, options, message] of conflicts) {
    test(`refuses ${intent}`, () => assert.throws(() => validateUpOptions({ ...UP_DEFAULTS, ...options }), message));
  }
  test('accepts the defaults and the usual combinations', () => {
    validateUpOptions(UP_DEFAULTS);
    validateUpOptions({ ...UP_DEFAULTS, detach: true, wait: true, waitTimeoutMs: 30_000 });
    validateUpOptions({ ...UP_DEFAULTS, exitCodeFrom: 'tests', attach: ['tests'] });
  });
});

describe('parseScale', () => {
  test('reads SERVICE=NUMBER pairs, the last one winning', () => {
    assert.deepEqual(parseScale(['web=3', 'worker=0', 'web=2']), { web: 2, worker: 0 });
  });
  for (const bad of ['web', 'web=', '=2', 'web=-1', 'web=two']) {
    test(`refuses "${bad}"`, () => assert.throws(() => parseScale([bad]), /expected SERVICE=NUMBER/));
  }
});
