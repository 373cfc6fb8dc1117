import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../src/errors.js';
import { loadInline } from '../helpers/memory-host.js';

async function refused(promise: Promise<unknown>, code: string, message: RegExp): Promise<BerthError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof BerthError, `expected a BerthError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.match(caught.message, message);
  return caught;
}

describe('several files', () => {
  test('later files merge over earlier ones', async () => {
    const loaded = await loadInline('services:\n  web:\n    image: a\n    environment: {A: "1", B: "1"}\n    ports: ["80:80"]\n', {
      files: { 'o.yaml': 'services:\n  web:\n    image: b\n    environment: {B: "2"}\n    ports: ["443:443"]\n' },
      configFiles: ['compose.yaml', 'o.yaml'],
    });
    const web = loaded.project.services['web']!;
    assert.equal(web.image, 'b');
    assert.deepEqual(web.environment, { A: '1', B: '2' });
    assert.deepEqual(web.ports?.map((port) => port.target), [80, 443]);
  });

  test('!reset drops what earlier files set; !override replaces instead of merging', async () => {
    const loaded = await loadInline('services:\n  web:\n    image: a\n    ports: ["80:80"]\n    environment: {A: "1", B: "1"}\n', {
      files: { 'o.yaml': 'services:\n  web:\n    ports: !reset []\n    environment: !override\n      C: "3"\n' },
      configFiles: ['compose.yaml', 'o.yaml'],
    });
    const web = loaded.project.services['web']!;
    assert.equal(web.ports, undefined);
    assert.deepEqual(web.environment, { C: '3' });
  });

  test('relative paths in every file resolve against the first file\'s directory', async () => {
    const loaded = await loadInline('services:\n  web:\n    image: a\n', {
      files: { 'sub/o.yaml': 'services:\n  web:\n    build: ./ctx\n' },
      configFiles: ['compose.yaml', 'sub/o.yaml'],
    });
    assert.equal(loaded.project.services['web']?.build?.context, '/project/ctx');
  });
});

describe('extends', () => {
  test('same file, nested, own attributes winning', async () => {
    const loaded = await loadInline(
      'services:\n  base:\n    image: busybox\n    environment: {A: base}\n  middle:\n    extends: base\n    environment: {B: middle}\n  leaf:\n    extends:\n      service: middle\n    environment: {A: leaf}\n',
    );
    assert.deepEqual(loaded.project.services['leaf']?.environment, { A: 'leaf', B: 'middle' });
    assert.equal(loaded.project.services['leaf']?.image, 'busybox');
    assert.equal((loaded.project.services['leaf'] as Record<string, unknown>)['extends'], undefined);
  });

  test('another file: its relative paths are rebased on its own directory', async () => {
    const loaded = await loadInline('services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: app\n', {
      files: { 'common/base.yaml': 'services:\n  app:\n    build: ./src\n    image: app\n    volumes: ["./data:/data"]\n' },
    });
    const web = loaded.project.services['web']!;
    assert.equal(web.build?.context, '/project/common/src');
    assert.equal(web.volumes?.[0]?.source, '/project/common/data');
  });

  test('a cycle is an error naming the chain', async () => {
    await refused(loadInline('services:\n  a:\n    extends: b\n    image: x\n  b:\n    extends: a\n'), 'cycle', /extends cycle: .*a -> .*b -> .*a/);
  });

  test('extending an unknown service names it', async () => {
    const error = await refused(loadInline('services:\n  a:\n    image: x\n    extends: ghost\n'), 'invalid_project', /"ghost"/);
    assert.equal(error.location?.line, 4);
  });
});

describe('include', () => {
  test('imports services, with the included project\'s own .env and directory', async () => {
    const loaded = await loadInline('include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: web\n    depends_on: [db]\n', {
      files: { 'sub/compose.yaml': 'services:\n  db:\n    image: ${DB_IMAGE}\n    volumes: ["./data:/var/lib/db"]\n', 'sub/.env': 'DB_IMAGE=postgres\n' },
    });
    const db = loaded.project.services['db']!;
    assert.equal(db.image, 'postgres');
    assert.equal(db.volumes?.[0]?.source, '/project/sub/data');
  });

  test('the including project\'s variables win over the included .env', async () => {
    const loaded = await loadInline('include:\n  - path: sub/compose.yaml\nservices: {}\n', {
      files: { 'sub/compose.yaml': 'services:\n  db:\n    image: ${DB_IMAGE}\n', 'sub/.env': 'DB_IMAGE=postgres\n' },
      environment: { DB_IMAGE: 'mariadb' },
    });
    assert.equal(loaded.project.services['db']?.image, 'mariadb');
  });

  test('a cycle is an error', async () => {
    await refused(
      loadInline('include:\n  - a.yaml\nservices: {}\n', { files: { 'a.yaml': 'include:\n  - b.yaml\nservices: {}\n', 'b.yaml': 'include:\n  - a.yaml\nservices: {}\n' } }),
      'cycle',
      /include cycle/,
    );
  });
});

describe('profiles', () => {
  const compose =
    'services:\n  web:\n    image: web\n  debug:\n    image: debug\n    profiles: [debug]\n  tools:\n    image: tools\n    profiles: [tools]\n    depends_on: [helper]\n  helper:\n    image: helper\n    profiles: [helper]\n';

  test('services with profiles are off unless a profile is active', async () => {
    const loaded = await loadInline(compose);
    assert.deepEqual(Object.keys(loaded.project.services), ['web']);
  });

  test('--profile and COMPOSE_PROFILES enable them; * enables all', async () => {
    assert.deepEqual(Object.keys((await loadInline(compose, { profiles: ['debug'] })).project.services).sort(), ['debug', 'web']);
    assert.deepEqual(Object.keys((await loadInline(compose, { environment: { COMPOSE_PROFILES: 'debug' } })).project.services).sort(), ['debug', 'web']);
    assert.deepEqual(Object.keys((await loadInline(compose, { profiles: ['*'] })).project.services).sort(), ['debug', 'helper', 'tools', 'web']);
  });

  test('a service named on the command line is enabled, with its dependencies, and narrows the project to them', async () => {
    const loaded = await loadInline(compose, { services: ['tools'] });
    assert.deepEqual(Object.keys(loaded.project.services).sort(), ['helper', 'tools']);
    const unselected = await loadInline(compose, { services: ['tools'], selectServices: false });
    assert.deepEqual(Object.keys(unselected.project.services).sort(), ['helper', 'tools', 'web']);
  });

  test('narrowing drops the networks and volumes no remaining service uses', async () => {
    const loaded = await loadInline('services:\n  a:\n    image: a\n    networks: [front]\n    volumes: [data:/data]\n  b:\n    image: b\n    networks: [back]\nnetworks:\n  front: {}\n  back: {}\nvolumes:\n  data: {}\n  unused: {}\n', { services: ['b'] });
    assert.deepEqual(Object.keys(loaded.project.networks ?? {}), ['back']);
    assert.deepEqual(Object.keys(loaded.project.volumes ?? {}), []);
  });

  test('depending on a disabled service is an error naming the profile to enable', async () => {
    await refused(loadInline(compose, { profiles: ['tools'] }), 'invalid_project', /"helper" is required by "tools" but is disabled.*--profile helper/);
  });

  test('unless the dependency is not required', async () => {
    const loaded = await loadInline(compose.replace('depends_on: [helper]', 'depends_on:\n      helper:\n        condition: service_started\n        required: false'), { profiles: ['tools'] });
    assert.deepEqual(Object.keys(loaded.project.services).sort(), ['tools', 'web']);
  });
});
