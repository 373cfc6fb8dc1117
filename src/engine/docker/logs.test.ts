import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEngineError } from '../errors.js';
import { splitTimestamp, toUnixTimestamp } from './logs.js';
import { splitReference } from './images.js';

test('since/until become Unix seconds, nanoseconds kept', () => {
  assert.equal(toUnixTimestamp('1700000000', 'since'), '1700000000');
  assert.equal(toUnixTimestamp('1700000000.25', 'since'), '1700000000.25');
  assert.equal(toUnixTimestamp('2023-11-14T22:13:20Z', 'since'), '1700000000');
  assert.equal(toUnixTimestamp('2023-11-14T22:13:20.123456789Z', 'since'), '1700000000.123456789');
  assert.equal(toUnixTimestamp('2023-11-14T23:13:20.5+01:00', 'until'), '1700000000.500000000');
  assert.throws(() => toUnixTimestamp('10m', 'since'), (error: unknown) => isEngineError(error, 'invalid') && error.message.includes('since'));
});

test('a log line’s timestamp prefix', () => {
  assert.deepEqual(splitTimestamp('2023-11-14T22:13:20.123456789Z hello world'), { timestamp: '2023-11-14T22:13:20.123456789Z', text: 'hello world' });
  assert.deepEqual(splitTimestamp('2023-11-14T22:13:20.1Z '), { timestamp: '2023-11-14T22:13:20.1Z', text: '' });
  assert.deepEqual(splitTimestamp('no timestamp here'), { text: 'no timestamp here' });
});

test('image references split into repository and tag', () => {
  const cases = [
    ['nginx', { repository: 'nginx', tag: 'latest' }],
    ['nginx:1.25', { repository: 'nginx', tag: '1.25' }],
    ['localhost:5000/team/app', { repository: 'localhost:5000/team/app', tag: 'latest' }],
    ['localhost:5000/team/app:v2', { repository: 'localhost:5000/team/app', tag: 'v2' }],
    ['app@sha256:abc', { repository: 'app@sha256:abc', tag: '' }],
  ] as const;
  for (const [reference, expected] of cases) assert.deepEqual(splitReference(reference), expected, reference);
});
