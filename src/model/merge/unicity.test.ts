import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Dict } from '../tree.js';
import { enforceUnicity, unicityKeyOf } from './index.js';
import type { UnicityKey } from './index.js';

function service(text: string): Dict {
  return { services: { test: parse(text) as Dict } };
}

function yamlModel(text: string): Dict {
  return parse(text) as Dict;
}

function expectUnique(before: string, after: string): void {
  assert.deepEqual(enforceUnicity(service(before)), service(after));
}

describe('enforceUnicity', () => {
  test('environment entries: one per name, the last value at the first place', () => {
    expectUnique(
      'environment: [FOO=BAR, BAR=QIX, QIX=, ZOT, FOO=ZOT, QIX, ZOT=]',
      'environment: [FOO=ZOT, BAR=QIX, QIX, ZOT=]',
    );
  });

  test('volumes: one per target', () => {
    expectUnique(
      `
volumes:
  - {type: bind, source: ., target: /foo}
  - {type: volume, source: foo, target: /bar}
  - {type: volume, source: src, target: /foo}`,
      `
volumes:
  - {type: volume, source: src, target: /foo}
  - {type: volume, source: foo, target: /bar}`,
    );
  });

  test('short-syntax ports: one per written text', () => {
    expectUnique(
      'ports: ["9080:80", "9081:81", "9080:80", "5000", "6060:6060/udp", "9080:6060/udp"]',
      'ports: ["9080:80", "9081:81", "5000", "6060:6060/udp", "9080:6060/udp"]',
    );
  });

  test('long-syntax ports: one per host_ip:published:target/protocol', () => {
    expectUnique(
      `
ports:
  - {target: 80, host_ip: 127.0.0.1, published: "8080", protocol: tcp, mode: host}
  - {target: 81, published: "8080", protocol: tcp}
  - {target: 80, host_ip: 127.0.0.2, published: "8080", protocol: tcp}
  - {target: 81, published: "8080", protocol: tcp, mode: ingress}`,
      `
ports:
  - {target: 80, host_ip: 127.0.0.1, published: "8080", protocol: tcp, mode: host}
  - {target: 81, published: "8080", protocol: tcp, mode: ingress}
  - {target: 80, host_ip: 127.0.0.2, published: "8080", protocol: tcp}`,
    );
  });

  test('sequences without a unicity rule keep their repeats', () => {
    expectUnique(
      'security_opt: [a, a]\nlabel_file: [x, x]\ncommand: [echo, echo]',
      'security_opt: [a, a]\nlabel_file: [x, x]\ncommand: [echo, echo]',
    );
  });

  test('rules apply under named entries (service networks)', () => {
    expectUnique('networks: {front: {aliases: [a, b, a]}}', 'networks: {front: {aliases: [a, b]}}');
  });

  test('items without a key are all kept', () => {
    expectUnique('volumes: [{type: tmpfs}, {type: tmpfs}]', 'volumes: [{type: tmpfs}, {type: tmpfs}]');
  });

  test('the same attribute name outside its pattern is left alone', () => {
    const model = parse('x-ports: [a, a]\nnetworks: {n: {ports: [a, a]}}') as Dict;
    assert.deepEqual(enforceUnicity(model), model);
  });

  test('the input is left as it was; only the containers on the way to a change are new', () => {
    const model = yamlModel(`
services:
  web: {environment: [A=1, A=2], deploy: {labels: [x=1]}}
  db: {image: postgres, ports: [{target: 5432}]}
`);
    const snapshot = structuredClone(model);
    const reported: object[] = [];
    const unique = enforceUnicity(model, { onContainerCreated: (created) => reported.push(created) });
    assert.deepEqual(model, snapshot);
    const services = unique['services'] as Dict;
    const web = services['web'] as Dict;
    const original = model['services'] as Dict;
    assert.deepEqual(web['environment'], ['A=2']);
    assert.equal(services['db'], original['db']);
    assert.equal(web['deploy'], (original['web'] as Dict)['deploy']);
    assert.deepEqual(new Set(reported), new Set([unique, services, web, web['environment']]));
  });

  test('a model without repeats is returned as it is', () => {
    const model = yamlModel('services: {web: {ports: [{target: 80}], environment: [A=1]}}');
    assert.equal(enforceUnicity(model), model);
  });
});

describe('unicityKeyOf', () => {
  const cases: { kind: UnicityKey; item: unknown; key: string | undefined }[] = [
    { kind: 'keyValue', item: 'FOO=bar=baz', key: 'FOO' },
    { kind: 'keyValue', item: 'FOO', key: 'FOO' },
    { kind: 'keyValue', item: 'FOO=', key: 'FOO' },
    { kind: 'mountTarget', item: { type: 'volume', source: 'a', target: '/a' }, key: '/a' },
    { kind: 'mountTarget', item: './src:/app:ro', key: '/app' },
    { kind: 'mountTarget', item: '/anonymous', key: '/anonymous' },
    { kind: 'mountTarget', item: { type: 'tmpfs' }, key: undefined },
    { kind: 'deviceTarget', item: { source: '/dev/a', target: '/dev/b' }, key: '/dev/b' },
    { kind: 'deviceTarget', item: '/dev/a:/dev/b:r', key: '/dev/b' },
    { kind: 'deviceTarget', item: '/dev/a', key: '/dev/a' },
    { kind: 'port', item: { target: 80, published: '8080' }, key: '0.0.0.0:8080:80/tcp' },
    { kind: 'port', item: { target: 80, published: 8080, host_ip: '::1', protocol: 'udp' }, key: '::1:8080:80/udp' },
    { kind: 'port', item: { target: 80 }, key: '0.0.0.0::80/tcp' },
    { kind: 'port', item: '8080:80', key: '8080:80' },
    { kind: 'port', item: 80, key: '80' },
    { kind: 'port', item: { published: '80' }, key: undefined },
    { kind: 'expose', item: 80, key: '80' },
    { kind: 'expose', item: '80', key: '80' },
    { kind: 'envFilePath', item: 'a.env', key: 'a.env' },
    { kind: 'envFilePath', item: { path: 'a.env', required: false }, key: 'a.env' },
    { kind: 'configTarget', item: { source: 'app' }, key: '/app' },
    { kind: 'configTarget', item: 'app', key: '/app' },
    { kind: 'configTarget', item: { source: 'app', target: '/etc/app' }, key: '/etc/app' },
    { kind: 'secretTarget', item: { source: 'token' }, key: '/run/secrets/token' },
    { kind: 'secretTarget', item: 'token', key: '/run/secrets/token' },
    { kind: 'secretTarget', item: { source: 'token', target: '/token' }, key: '/token' },
  ];
  for (const { kind, item, key } of cases) {
    test(`${kind} of ${JSON.stringify(item)} is ${String(key)}`, () => {
      assert.equal(unicityKeyOf(kind, item), key);
    });
  }
});
