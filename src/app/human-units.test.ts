import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, humanSize } from './human-units.js';

describe('humanSize (three significant digits, powers of 1000)', () => {
  const cases: readonly [number, string][] = [
    [0, '0B'],
    [999, '999B'],
    [1000, '1kB'],
    [1_990_000, '1.99MB'],
    [12_345_678, '12.3MB'],
    [4_500_000_000, '4.5GB'],
  ];
  for (const [bytes, expected] of cases) test(`${bytes} → ${expected}`, () => assert.equal(humanSize(bytes), expected));
});

describe('humanDuration', () => {
  const second = 1000;
  const hour = 3600 * second;
  const cases: readonly [number, string][] = [
    [500, 'Less than a second'],
    [second, '1 second'],
    [42 * second, '42 seconds'],
    [90 * second, 'About a minute'],
    [5 * 60 * second, '5 minutes'],
    [50 * 60 * second, '50 minutes'],
    [70 * 60 * second, 'About an hour'],
    [3 * hour, '3 hours'],
    [72 * hour, '3 days'],
    [21 * 24 * hour, '3 weeks'],
    [100 * 24 * hour, '3 months'],
    [56 * 365 * 24 * hour, '56 years'],
  ];
  for (const [ms, expected] of cases) test(`${ms} ms → ${expected}`, () => assert.equal(humanDuration(ms), expected));
});
