/**
 * The whole `up` pipeline on a real Docker Engine, apply in the middle:
 * load → ensureImages → observe → reconcile → applyPlan, twice (the second
 * plan recreates nothing), then a changed environment recreates one service and its
 * anonymous volume survives the recreate, then `down -v` leaves nothing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { applyPlan, ensureImages, observe, waitForServices } from '../../src/apply/index.js';
import { createDockerEngine } from '../../src/engine/docker/index.js';
import type { Engine } from '../../src/engine/index.js';
import { loadProjectDetails, type LoadedProject } from '../../src/model/index.js';
import { downInputFromProject, imageReference, planDown, PROJECT_LABEL, reconcile } from '../../src/plan/index.js';
import { dockerSkipReason, requireDocker, TEST_IMAGE } from '../helpers/docker.js';

const PROJECT = `berthpipe${process.pid}`;

function compose(webGreeting: string): string {
  return `
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 0.2; touch /tmp/ready; exec sleep 300"]
    stop_grace_period: 0s
    healthcheck: { test: ["CMD-SHELL", "test -f /tmp/ready"], interval: 100ms, retries: 20 }
    volumes: [data:/data]
  seed:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo seeded"]
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "exec sleep 300"]
    stop_grace_period: 0s
    environment: { GREETING: ${webGreeting} }
    volumes: [/cache]
    depends_on:
      db: { condition: service_healthy }
      seed: { condition: service_completed_successfully }
volumes:
  data: {}
`;
}

async function up(engine: Engine, loaded: LoadedProject) {
  const { project } = loaded;
  const images = await ensureImages(project, engine, { pull: undefined, build: undefined });
  const observed = await observe(engine, project.name, Object.entries(project.services).map(([name, service]) => imageReference(project.name, name, service)));
  const plan = reconcile(project, observed, {
    configFiles: loaded.configFiles,
    workingDir: project.workingDir,
    recreate: 'diverged',
    recreateDependencies: 'diverged',
    resolveImage: (_service, reference) => images.get(reference),
  });
  const result = await applyPlan(plan, engine, { conditionTimeoutMs: 30_000 });
  return { plan, result };
}

describe('the up pipeline on a Docker Engine', async () => {
  // Anonymous volumes carry no project label; the ones seen are removed by name at the end.
  const anonymousVolumes = new Set<string>();
  const skip = await dockerSkipReason();
  const engine = skip === undefined ? createDockerEngine() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'berth-pipeline-'));
  const load = async (greeting: string) => {
    await writeFile(join(dir, 'compose.yaml'), compose(greeting));
    return loadProjectDetails({ workingDir: dir, environment: {}, projectName: PROJECT });
  };

  after(async () => {
    await rm(dir, { recursive: true, force: true });
    if (!engine) return;
    const labels = { [PROJECT_LABEL]: PROJECT };
    for (const container of await engine.containers.list({ labels, all: true })) await engine.containers.remove(container.id, { force: true, volumes: true }).catch(() => {});
    for (const network of await engine.networks.list({ labels })) await engine.networks.remove(network.id).catch(() => {});
    for (const volume of await engine.volumes.list({ labels })) await engine.volumes.remove(volume.name, { force: true }).catch(() => {});
    for (const name of anonymousVolumes) await engine.volumes.remove(name, { force: true }).catch(() => {});
    await engine.close();
  });

  test('up, up again (nothing to do), change one service, down -v', async (t) => {
    if (!(await requireDocker(t)) || !engine) return;
    const first = await up(engine, await load('hello'));
    assert.ok(first.plan.steps.length > 0);
    await waitForServices(engine, PROJECT, [
      { service: 'db', condition: 'healthy_or_running' },
      { service: 'seed', condition: 'completed_successfully' },
      { service: 'web', condition: 'healthy_or_running' },
    ], { timeoutMs: 30_000 });

    // Compose starts exited containers again on every up, so the one-shot seed runs again; nothing is recreated.
    const nothingButSeed = (steps: readonly { readonly operation: { readonly kind: string; readonly service?: string } }[]) =>
      steps.map((step) => `${step.operation.kind} ${step.operation.service ?? ''}`);
    const second = await up(engine, await load('hello'));
    assert.deepEqual(nothingButSeed(second.plan.steps), ['start-container seed'], 'a second up recreates nothing');

    const webBefore = await engine.containers.inspect(`${PROJECT}-web-1`);
    const cacheBefore = webBefore?.mounts.find((mount) => mount.target === '/cache')?.name;
    assert.ok(cacheBefore, 'web has an anonymous volume at /cache');
    anonymousVolumes.add(cacheBefore);
    const third = await up(engine, await load('changed'));
    const recreated = third.plan.steps.filter((step) => step.operation.kind === 'create-container').map((step) => (step.operation.kind === 'create-container' ? step.operation.service : ''));
    assert.deepEqual(recreated, ['web']);
    const webAfter = await engine.containers.inspect(`${PROJECT}-web-1`);
    assert.notEqual(webAfter?.id, webBefore?.id);
    assert.equal(webAfter?.state, 'running');
    assert.equal(webAfter?.mounts.find((mount) => mount.target === '/cache')?.name, cacheBefore, 'the recreated container kept its anonymous volume');
    assert.deepEqual(nothingButSeed((await up(engine, await load('changed'))).plan.steps), ['start-container seed'], 'and the recreated container is up to date');

    const loaded = await load('changed');
    const observed = await observe(engine, PROJECT, []);
    await applyPlan(planDown(downInputFromProject(loaded.project), observed, { removeVolumes: true, removeOrphans: true, timeoutSeconds: 0 }), engine);
    const left = await observe(engine, PROJECT, []);
    assert.deepEqual([left.containers.length, left.networks.length, left.volumes.length], [0, 0, 0]);
    assert.equal(await engine.volumes.inspect(cacheBefore), undefined, 'the inherited anonymous volume went with -v');
  });
});
