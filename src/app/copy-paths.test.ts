import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyLayout, containerPath, parseCopyEndpoint, renameTop, type PathKind } from './copy-paths.js';

describe('parseCopyEndpoint', () => {
  const cases: readonly [string, ReturnType<typeof parseCopyEndpoint>][] = [
    ['web:/etc/hosts', { kind: 'service', service: 'web', path: '/etc/hosts' }],
    ['web:relative', { kind: 'service', service: 'web', path: 'relative' }],
    ['/abs/a:b', { kind: 'local', path: '/abs/a:b' }],
    ['./file:name.txt', { kind: 'local', path: './file:name.txt' }],
    ['plain.txt', { kind: 'local', path: 'plain.txt' }],
    ['-', { kind: 'local', path: '-' }],
  ];
  for (const [argument, expected] of cases) test(argument, () => assert.deepEqual(parseCopyEndpoint(argument), expected));
  test('an empty path is refused', () => assert.throws(() => parseCopyEndpoint(''), /cannot be empty/));
});

describe('copyLayout follows docker cp', () => {
  const cases: readonly [string, 'file' | 'directory', string, PathKind, string, string][] = [
    // source path, its kind, destination, its kind → directory, top name
    ['/data/a.txt', 'file', 'out', 'directory', 'out', 'a.txt'],
    ['/data/a.txt', 'file', 'out/b.txt', 'missing', 'out', 'b.txt'],
    ['/data/a.txt', 'file', 'out/b.txt', 'file', 'out', 'b.txt'],
    ['/data', 'directory', 'out', 'directory', 'out', 'data'],
    ['/data/', 'directory', 'out/', 'directory', 'out', 'data'],
    ['/data', 'directory', 'out/new', 'missing', 'out', 'new'],
    ['/data/.', 'directory', 'out', 'directory', 'out', '.'],
    ['/data/.', 'directory', 'out/new', 'missing', 'out', 'new'],
    ['a.txt', 'file', '/tmp/', 'directory', '/tmp', 'a.txt'],
    ['a.txt', 'file', '/', 'directory', '/', 'a.txt'],
  ];
  for (const [source, sourceKind, destination, destinationKind, directory, topName] of cases) {
    test(`${source} (${sourceKind}) → ${destination} (${destinationKind})`, () =>
      assert.deepEqual(copyLayout({ path: source, kind: sourceKind }, { path: destination, kind: destinationKind }, destination), { directory, topName }));
  }
  test('a directory never replaces a file', () => assert.throws(() => copyLayout({ path: '/data', kind: 'directory' }, { path: 'out.txt', kind: 'file' }, 'out.txt'), /cannot copy a directory to out.txt/));
  test('a trailing / asks for an existing directory', () => {
    assert.throws(() => copyLayout({ path: 'a.txt', kind: 'file' }, { path: '/nodir/', kind: 'missing' }, 'web-1:/nodir/'), /the directory web-1:\/nodir\/ does not exist/);
    assert.throws(() => copyLayout({ path: 'a.txt', kind: 'file' }, { path: '/etc/hosts/', kind: 'file' }, '/etc/hosts/'), /is not a directory/);
  });
});

describe('renameTop', () => {
  const cases: readonly [string, string, string, string][] = [
    ['data/', 'data/', 'new', 'new'],
    ['data/sub/b.txt', 'data/', 'new', 'new/sub/b.txt'],
    ['data/sub/b.txt', 'data', '.', 'sub/b.txt'],
    ['data', 'data', '.', '.'],
    ['./a.txt', '.', 'copy', 'copy/a.txt'],
    ['elsewhere/x', 'data', 'new', 'elsewhere/x'],
  ];
  for (const [entry, from, to, expected] of cases) test(`${entry}: ${from} → ${to}`, () => assert.equal(renameTop(entry, from, to), expected));
});

test('container paths are relative to the root', () => {
  assert.equal(containerPath('tmp/x'), '/tmp/x');
  assert.equal(containerPath('/tmp/x'), '/tmp/x');
});
