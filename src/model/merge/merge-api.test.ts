/**
 * What callers rely on besides the rules: untouched inputs, shared
 * unchanged parts, the container-created hook, and the service and resource entry
 * points used by `extends` and `include`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { BerthError } from '../../errors.js';
import type { Dict } from '../tree.js';
import { mergeModels, mergeResource, mergeServices } from './index.js';

function yamlDict(text: string): Dict {
  return parse(text) as Dict;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function containersOf(value: unknown, into: object[] = []): object[] {
  if (typeof value === 'object' && value !== null) {
    into.push(value);
    for (const child of Object.values(value)) containersOf(child, into);
  }
  return into;
}

const base = `
name: app
services:
  web:
    image: web
    environment: {A: "1"}
    ports: [{target: 80, published: "8080"}]
    deploy: {resources: {limits: {memory: 1G}}}
  db:
    image: postgres
    volumes: [{type: volume, source: data, target: /var/lib/postgresql/data}]
volumes:
  data: {}
`;
const override = `
services:
  web:
    environment: {B: "2"}
    ports: [{target: 80, published: "8080", mode: host}]
  worker:
    image: worker
    command: [run]
`;

describe('mergeModels results', () => {
  test('inputs are never changed (frozen inputs merge without error)', () => {
    const earlier = deepFreeze(yamlDict(base));
    const later = deepFreeze(yamlDict(override));
    const merged = mergeModels(earlier, later);
    assert.equal(((merged['services'] as Dict)['web'] as Dict)['image'], 'web');
  });

  test('every container of the result is either reported as new or taken unchanged from an input', () => {
    const earlier = yamlDict(base);
    const later = yamlDict(override);
    const inputs = new Set([...containersOf(earlier), ...containersOf(later)]);
    const reported = new Map<object, readonly object[]>();
    const merged = mergeModels(earlier, later, {
      onContainerCreated: (created, sources) => {
        assert.ok(!reported.has(created), 'a container was reported twice');
        assert.ok(!inputs.has(created), 'an input container was reported as new');
        reported.set(created, sources);
      },
    });
    for (const container of containersOf(merged)) {
      assert.ok(reported.has(container) || inputs.has(container), 'a new container was not reported');
    }

    const web = (merged['services'] as Dict)['web'] as Dict;
    const earlierWeb = (earlier['services'] as Dict)['web'] as Dict;
    const laterWeb = (later['services'] as Dict)['web'] as Dict;
    assert.deepEqual(reported.get(merged), [earlier, later]);
    assert.deepEqual(reported.get(web), [earlierWeb, laterWeb]);
    assert.deepEqual(reported.get(web['environment'] as object), [earlierWeb['environment'], laterWeb['environment']]);
    assert.deepEqual(reported.get(web['ports'] as object), [earlierWeb['ports'], laterWeb['ports']]);
    // What one file alone set is taken as it is.
    assert.equal(web['deploy'], earlierWeb['deploy']);
    assert.equal((merged['services'] as Dict)['worker'], (later['services'] as Dict)['worker']);
  });

  test('sequence items keep their identity, so positions can be found in the sources', () => {
    const earlier = yamlDict(base);
    const later = yamlDict(override);
    const merged = mergeModels(earlier, later);
    const ports = ((merged['services'] as Dict)['web'] as Dict)['ports'] as unknown[];
    const laterPorts = ((later['services'] as Dict)['web'] as Dict)['ports'] as unknown[];
    assert.equal(ports.length, 1);
    assert.equal(ports[0], laterPorts[0]);
  });

  test('unique sequences are de-duplicated even when only one file has them', () => {
    const merged = mergeModels(
      yamlDict('services: {web: {image: web}}'),
      yamlDict('services: {web: {ports: [{target: 80, published: "1"}, {target: 80, published: "1", mode: host}]}}'),
    );
    assert.deepEqual(((merged['services'] as Dict)['web'] as Dict)['ports'], [{ target: 80, published: '1', mode: 'host' }]);
  });

  test('merging over an empty model gives a copy of the model, de-duplicated', () => {
    const model = yamlDict('services: {web: {image: web, cap_add: [NET_ADMIN, NET_ADMIN]}}');
    assert.deepEqual(mergeModels({}, model), yamlDict('services: {web: {image: web, cap_add: [NET_ADMIN]}}'));
  });
});

describe('mergeServices', () => {
  const extendedBase = yamlDict(`
image: nginx
depends_on: {depend_one: {condition: service_started, required: true}}
ports: [{target: 80, published: "8090"}]
command: [nginx, -g, daemon off;]
`);
  const child = yamlDict(`
extends: {service: main_one}
depends_on: [depend_base]
ports: [{target: 80, published: "8090", protocol: tcp}]
command: [nginx-debug]
`);

  test('applies the same rules as a whole-model merge', () => {
    const merged = mergeServices(extendedBase, child);
    assert.deepEqual(merged, {
      image: 'nginx',
      depends_on: {
        depend_one: { condition: 'service_started', required: true },
        depend_base: { condition: 'service_started', required: true },
      },
      ports: [{ target: 80, published: '8090', protocol: 'tcp' }],
      command: ['nginx-debug'],
      extends: { service: 'main_one' },
    });
  });

  test('extends mode drops the resolved extends reference and nothing else', () => {
    const overrideMode = mergeServices(extendedBase, child, { mode: 'override' });
    const extendsMode = mergeServices(extendedBase, child, { mode: 'extends' });
    assert.equal(Object.hasOwn(extendsMode, 'extends'), false);
    const { extends: reference, ...rest } = overrideMode;
    assert.deepEqual(reference, { service: 'main_one' });
    assert.deepEqual(extendsMode, rest);
    assert.deepEqual(child['extends'], { service: 'main_one' }, 'the input kept its extends');
  });

  test('errors name the service path', () => {
    assert.throws(
      () => mergeServices({ group_add: ['a'] }, { group_add: 'b' }, { serviceName: 'web' }),
      (error: unknown) => error instanceof BerthError && /cannot merge services\.web\.group_add:/.test(error.message),
    );
  });
});

describe('mergeResource (include conflicts)', () => {
  test('a service defined twice merges by the service rules, the including file last', () => {
    const included = yamlDict('{image: a, command: [x], environment: {A: "1", B: "1"}}');
    const local = yamlDict('{command: [y], environment: {B: null}}');
    assert.deepEqual(mergeResource('services', 'web', included, local), {
      image: 'a',
      command: ['y'],
      environment: { A: '1', B: null },
    });
  });

  test('a network defined twice merges its labels by key and IPAM pools by subnet', () => {
    const included = yamlDict('{labels: {a: "1"}, ipam: {config: [{subnet: 10.0.0.0/24}]}}');
    const local = yamlDict('{labels: {a: "2"}, ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}]}}');
    assert.deepEqual(mergeResource('networks', 'back', included, local), {
      labels: { a: '2' },
      ipam: { config: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1' }] },
    });
  });
});
