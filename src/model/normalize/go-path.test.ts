import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanPath, isWindowsAbsolute, joinPath } from './go-path.js';

describe('cleanPath (Go path.Clean)', () => {
  const table: readonly [string, string][] = [
    ['', '.'],
    ['/', '/'],
    ['/data/', '/data'],
    ['/app/./src/../code', '/app/code'],
    ['//double//slash/', '/double/slash'],
    ['/..', '/'],
    ['a/../../b', '../b'],
  ];
  for (const [input, expected] of table) {
    test(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(cleanPath(input), expected));
  }
});

describe('joinPath (Go filepath.Join)', () => {
  const table: readonly [readonly string[], string][] = [
    [['/work', 'src/'], '/work/src'],
    [['/work', ''], '/work'],
    [['/work/', '../up'], '/up'],
    [['/home/dev', '/cache'], '/home/dev/cache'],
    [['', ''], ''],
  ];
  for (const [parts, expected] of table) {
    test(`${JSON.stringify(parts)} → ${JSON.stringify(expected)}`, () => assert.equal(joinPath(...parts), expected));
  }
});

describe('isWindowsAbsolute', () => {
  const table: readonly [string, boolean][] = [
    ['C:\\Users\\me', true],
    ['c:/data', true],
    ['\\\\server\\share', true],
    ['//server/share', true],
    ['C:', false],
    ['C:relative', false],
    ['./data', false],
    ['data', false],
    ['/unix', false],
  ];
  for (const [input, expected] of table) {
    test(`${input} → ${expected}`, () => assert.equal(isWindowsAbsolute(input), expected));
  }
});
