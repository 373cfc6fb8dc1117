import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goScalarString } from './go-format.js';

test('goScalarString prints like fmt.Sprint', () => {
  const cases: [value: string | number | boolean, text: string][] = [
    ['x', 'x'],
    [true, 'true'],
    [false, 'false'],
    [2, '2'],
    [2.5, '2.5'],
    [-0.25, '-0.25'],
    [1234567.5, '1.2345675e+06'],
    [0.00001, '1e-05'],
    [0.0001, '0.0001'],
    [123456.5, '123456.5'],
    [10000000000, '10000000000'],
  ];
  for (const [value, text] of cases) assert.equal(goScalarString(value), text, JSON.stringify(value));
});
