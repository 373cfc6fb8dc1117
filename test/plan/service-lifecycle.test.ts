/**
 * Secrets and configs without a file, and post_start / pre_stop hooks, in
 * plans: which start and stop steps carry them, what they carry, and the
 * inputs that fail before anything is created.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../src/errors.js';
import { downInputFromProject, planDown, reconcile, renderPlanJson, renderPlanText, type ReconcileOptions } from '../../src/plan/index.js';
import { assertGolden } from './golden.js';
import { applied, emptyState, image } from './fixtures.js';
import { loadInline } from '../helpers/memory-host.js';

const APP = `
name: shop
services:
  web:
    image: nginx:1.27
    secrets:
      - api_key
      - source: api_key
        target: renamed
        mode: 0400
        uid: "101"
        gid: "102"
      - source: from_file
    configs:
      - motd
      - source: motd
        target: /etc/motd
        mode: 0440
    post_start:
      - command: ["sh", "-c", "echo started > /tmp/started"]
        user: root
        working_dir: /tmp
        environment: { PHASE: start }
      - command: ["true"]
    pre_stop:
      - command: ["sh", "-c", "echo stopping"]
        privileged: true
secrets:
  api_key:
    environment: API_KEY
  from_file:
    file: ./key.txt
configs:
  motd:
    content: "hello \${WHO}"
`;

const OPTIONS: ReconcileOptions = { recreate: 'diverged', recreateDependencies: 'diverged', configFiles: ['/project/compose.yaml'], workingDir: '/project' };
const IMAGES = { 'nginx:1.27': image('nginx:1.27', 'a') };

async function load(compose = APP, environment: Record<string, string> = { API_KEY: 'k3y', WHO: 'world' }) {
  return loadInline(compose, { environment, files: { 'key.txt': 'from a file\n' } });
}

describe('secrets and configs from environment and content, and lifecycle hooks', () => {
  test('a start step writes environment and content secrets and configs, then runs the post_start hooks', async () => {
    const loaded = await load();
    const plan = reconcile(loaded.project, emptyState(IMAGES), { ...OPTIONS, environment: loaded.environment });
    assertGolden('lifecycle-fresh-up', renderPlanText(plan));
    const start = plan.steps.find((step) => step.operation.kind === 'start-container')?.operation;
    assert.ok(start?.kind === 'start-container');
    assert.deepEqual(start.files, [
      { kind: 'secret', name: 'api_key', path: '/run/secrets/api_key', content: 'k3y', mode: 0o444 },
      { kind: 'secret', name: 'api_key', path: '/run/secrets/renamed', content: 'k3y', mode: 0o400, uid: 101, gid: 102 },
      { kind: 'config', name: 'motd', path: '/motd', content: 'hello world', mode: 0o444 },
      { kind: 'config', name: 'motd', path: '/etc/motd', content: 'hello world', mode: 0o440 },
    ]);
    assert.deepEqual(start.postStart, [
      { command: ['sh', '-c', 'echo started > /tmp/started'], env: ['PHASE=start'], user: 'root', workingDir: '/tmp' },
      { command: ['true'], env: [] },
    ]);
    // The file secret is a bind mount, not a written file.
    const create = plan.steps.find((step) => step.operation.kind === 'create-container')?.operation;
    assert.ok(create?.kind === 'create-container');
    assert.deepEqual(
      create.spec.host.mounts.map((mount) => [mount.type, mount.source, mount.target]),
      [['bind', '/project/key.txt', '/run/secrets/from_file']],
    );
  });

  test('the JSON plan shows where each file goes but not what a secret holds', async () => {
    const loaded = await load();
    const json = JSON.stringify(renderPlanJson(reconcile(loaded.project, emptyState(IMAGES), { ...OPTIONS, environment: loaded.environment })));
    assert.doesNotMatch(json, /k3y/);
    assert.match(json, /"path":"\/run\/secrets\/renamed","content":"<3 bytes>"/);
  });

  test('the secret\'s value is not part of the config hash: a new value recreates nothing', async () => {
    const first = await load();
    const state = applied(emptyState(IMAGES), reconcile(first.project, emptyState(IMAGES), { ...OPTIONS, environment: first.environment }));
    const second = await load(APP, { API_KEY: 'rotated', WHO: 'world' });
    assert.deepEqual(reconcile(second.project, state, { ...OPTIONS, environment: second.environment }).steps, []);
  });

  test('stop steps of down carry the pre_stop hooks; a recreate\'s stop does not (as in Compose)', async () => {
    const loaded = await load();
    const state = applied(emptyState(IMAGES), reconcile(loaded.project, emptyState(IMAGES), { ...OPTIONS, environment: loaded.environment }));
    assertGolden('lifecycle-down', renderPlanText(planDown(downInputFromProject(loaded.project), state, { removeVolumes: false, removeOrphans: false })));
    const recreate = reconcile(loaded.project, state, { ...OPTIONS, environment: loaded.environment, recreate: 'force' });
    const stop = recreate.steps.find((step) => step.operation.kind === 'stop-container')?.operation;
    assert.ok(stop?.kind === 'stop-container');
    assert.equal(stop.preStop, undefined);
  });

  test('an unset variable behind an environment secret fails the plan, naming it', async () => {
    const loaded = await load(APP, { WHO: 'world' });
    assert.throws(
      () => reconcile(loaded.project, emptyState(IMAGES), { ...OPTIONS, environment: loaded.environment }),
      (error: unknown) => error instanceof BerthError && error.code === 'invalid_project' && /environment variable API_KEY required by secret "api_key" is not set/.test(error.message),
    );
  });

  test('a read-only service cannot take a secret that must be written into it', async () => {
    const loaded = await load(APP.replace('    image: nginx:1.27\n', '    image: nginx:1.27\n    read_only: true\n'));
    assert.throws(
      () => reconcile(loaded.project, emptyState(IMAGES), { ...OPTIONS, environment: loaded.environment }),
      (error: unknown) => error instanceof BerthError && /root filesystem is read-only/.test(error.message),
    );
  });
});
