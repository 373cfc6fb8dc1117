import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerSpec } from '../engine/index.js';
import { canonicalJson } from './canonical-json.js';
import { configHash } from './hash.js';

const SPEC: ContainerSpec = {
  name: 'shop-web-1',
  image: 'nginx',
  labels: { team: 'shop', 'com.docker.compose.container-number': '1', 'com.docker.compose.version': '2.40.0' },
  entrypoint: null,
  command: null,
  env: ['A=1'],
  tty: false,
  openStdin: false,
  exposedPorts: [],
  host: { mounts: [], portBindings: [], restartPolicy: { name: 'no' }, networkMode: 'shop_default' },
  networks: { shop_default: { aliases: ['shop-web-1', 'web'] } },
};

describe('configHash', () => {
  const base = configHash(SPEC);

  const changes: { name: string; spec: ContainerSpec; same: boolean }[] = [
    { name: 'an env value', spec: { ...SPEC, env: ['A=2'] }, same: false },
    { name: 'a user label', spec: { ...SPEC, labels: { ...SPEC.labels, team: 'ops' } }, same: false },
    { name: 'the image reference', spec: { ...SPEC, image: 'nginx:1.27' }, same: false },
    { name: 'a host setting', spec: { ...SPEC, host: { ...SPEC.host, restartPolicy: { name: 'always' } } }, same: false },
    { name: 'command null → []', spec: { ...SPEC, command: [] }, same: false },
    { name: 'the name (a temporary name during recreate)', spec: { ...SPEC, name: 'abc_shop-web-1' }, same: true },
    { name: 'the container number label', spec: { ...SPEC, labels: { ...SPEC.labels, 'com.docker.compose.container-number': '2' } }, same: true },
    { name: 'the version label (an upgrade)', spec: { ...SPEC, labels: { ...SPEC.labels, 'com.docker.compose.version': '9.9.9' } }, same: true },
    { name: 'the replace label', spec: { ...SPEC, labels: { ...SPEC.labels, 'com.docker.compose.replace': 'web-1' } }, same: true },
    { name: 'the config file list', spec: { ...SPEC, labels: { ...SPEC.labels, 'com.docker.compose.project.config_files': '/a.yaml,/b.yaml' } }, same: true },
    { name: 'the config-hash label itself', spec: { ...SPEC, labels: { ...SPEC.labels, 'com.docker.compose.config-hash': 'x' } }, same: true },
  ];
  for (const change of changes) {
    test(`${change.same ? 'ignores' : 'changes with'} ${change.name}`, () => {
      assert.equal(configHash(change.spec) === base, change.same);
    });
  }

  test('does not depend on the order keys were written in', () => {
    const reordered = { networks: SPEC.networks, host: SPEC.host, env: SPEC.env, name: SPEC.name, image: SPEC.image, labels: SPEC.labels, entrypoint: null, command: null, tty: false, openStdin: false, exposedPorts: [] };
    assert.equal(configHash(reordered), base);
  });

  test('is 64 hex digits', () => {
    assert.match(base, /^[0-9a-f]{64}$/);
  });
});

describe('canonicalJson', () => {
  test('sorts keys at every level and leaves out undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: undefined, c: [2, { z: 1, y: 2 }] } }), '{"a":{"c":[2,{"y":2,"z":1}]},"b":1}');
  });
});
