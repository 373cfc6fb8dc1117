import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engineTime, timestampKey } from './logs.js';

describe('timestampKey', () => {
  test('pads the fraction so engine timestamps sort as text', () => {
    const keys = ['2024-05-01T10:00:00.5Z', '2024-05-01T10:00:00.123456789Z', '2024-05-01T10:00:00Z'].map(timestampKey);
    assert.deepEqual(keys, ['2024-05-01T10:00:00.500000000Z', '2024-05-01T10:00:00.123456789Z', '2024-05-01T10:00:00.000000000Z']);
    assert.deepEqual([...keys].sort(), [keys[2], keys[1], keys[0]]);
  });
  test('a missing timestamp sorts first', () => assert.equal(timestampKey(undefined), ''));
});

describe('engineTime', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  const cases: readonly [string, string][] = [
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z'],
    ['1714557600', '1714557600'],
    ['1714557600.25', '1714557600.25'],
    ['10m', String((now.getTime() - 600_000) / 1000) + '.000'],
    ['1h30m', String((now.getTime() - 5_400_000) / 1000) + '.000'],
    ['1.5s', ((now.getTime() - 1500) / 1000).toFixed(3)],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${expected}`, () => assert.equal(engineTime(input, now, '--since'), expected));
  }
  test('refuses anything else, naming the flag', () => assert.throws(() => engineTime('yesterday', now, '--until'), /--until yesterday: expected a timestamp/));
});
