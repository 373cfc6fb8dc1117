import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseVolumeSpec, type ShortSyntaxVolume } from './parse-volume.js';

const bind = (source: string, target: string, extra: Partial<ShortSyntaxVolume> = {}): ShortSyntaxVolume => ({
  type: 'bind',
  source,
  target,
  ...extra,
  bind: { ...extra.bind, create_host_path: true },
});

describe('parseVolumeSpec', () => {
  const valid: [spec: string, expected: ShortSyntaxVolume][] = [
    ['/path', { type: 'volume', target: '/path', volume: {} }],
    ['/path/foo', { type: 'volume', target: '/path/foo', volume: {} }],
    ['C:\\path', { type: 'volume', target: 'C:\\path', volume: {} }],
    // one or two characters are taken as a target without parsing
    ['.', { type: 'volume', target: '.' }],
    ['/a', { type: 'volume', target: '/a' }],
    ['./foo:/target', bind('./foo', '/target')],
    ['~/thing:/target', bind('~/thing', '/target')],
    ['../other:/target', bind('../other', '/target')],
    ['/home/user:/target', bind('/home/user', '/target')],
    ['D:\\path:d:\\target', bind('D:\\path', 'd:\\target')],
    ['/source:/target:slave', bind('/source', '/target', { bind: { propagation: 'slave' } })],
    ['/source:/target:ro,z', bind('/source', '/target', { read_only: true, bind: { selinux: 'z' } })],
    ['/source:/target:ro,Z', bind('/source', '/target', { read_only: true, bind: { selinux: 'Z' } })],
    ['C:\\source\\foo:D:\\target:ro,rprivate', bind('C:\\source\\foo', 'D:\\target', { read_only: true, bind: { propagation: 'rprivate' } })],
    ['./foo:/target:ro', bind('./foo', '/target', { read_only: true })],
    ['./foo:/target:rw', bind('./foo', '/target')],
    ['name:/target:nocopy', { type: 'volume', source: 'name', target: '/target', volume: { nocopy: true } }],
    ['name:/target:bogus', { type: 'volume', source: 'name', target: '/target', volume: {} }],
    ['data:/var/lib/data', { type: 'volume', source: 'data', target: '/var/lib/data', volume: {} }],
    ['\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\inside', bind('\\\\.\\pipe\\docker_engine', '\\\\.\\pipe\\inside')],
    ['/tmp:/tmp/${BUG_HERE:-DEFAULT}/path', bind('/tmp', '/tmp/${BUG_HERE:-DEFAULT}/path')],
    ['/tmp/${VAR:-default}:/target', bind('/tmp/${VAR:-default}', '/target')],
    ['/tmp:/tmp/${TIME:-12:30:45}/path', bind('/tmp', '/tmp/${TIME:-12:30:45}/path')],
    ['/tmp:/tmp/${A:-${B:-x:y}}/path:ro', bind('/tmp', '/tmp/${A:-${B:-x:y}}/path', { read_only: true })],
    ['myvolume:/data/${VAR:-default}/path', { type: 'volume', source: 'myvolume', target: '/data/${VAR:-default}/path', volume: {} }],
    ['/src:/target/${VAR:-default}/path:slave,ro', bind('/src', '/target/${VAR:-default}/path', { read_only: true, bind: { propagation: 'slave' } })],
    ['/tmp/x/y:/foo/x/y', bind('/tmp/x/y', '/foo/x/y')],
  ];
  for (const [spec, expected] of valid) {
    test(`"${spec}"`, () => {
      assert.deepEqual(parseVolumeSpec(spec), { ok: true, value: expected });
    });
  }

  const invalid: [spec: string, reason: RegExp][] = [
    ['', /empty/],
    ['/foo:/foo:ro:foo', /too many colons/],
    [':foo', /section between colons is empty/],
    ['/foo::ro', /section between colons is empty/],
    ['/foo::rw', /section between colons is empty/],
  ];
  for (const [spec, reason] of invalid) {
    test(`"${spec}" is rejected`, () => {
      const result = parseVolumeSpec(spec);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
});
