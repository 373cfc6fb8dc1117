/**
 * apply against a real Docker Engine: health-gated starts driven by the
 * engine's own events, a failing health check, `up --wait` with a one-shot
 * job, and a build from a context with a .dockerignore. Everything created
 * carries the test label and the test's own project name and is removed in
 * `after`, pass or fail.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyPlan, ensureImages, waitForServices, ApplyError } from '../../src/apply/index.js';
import { createDockerEngine } from '../../src/engine/docker/index.js';
import type { ContainerSpec, Engine, NetworkSpec } from '../../src/engine/index.js';
import { ONEOFF_FALSE, ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL } from '../../src/plan/labels.js';
import type { Plan, PlanStep, StartCondition } from '../../src/plan/plan.js';
import { dockerSkipReason, requireDocker, TEST_IMAGE, TEST_LABEL } from '../helpers/docker.js';

const PROJECT = `berthapply${process.pid}`;
const NETWORK = `${PROJECT}_default`;
const MS = 1_000_000;

function spec(service: string, command: string, overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    name: `${PROJECT}-${service}-1`,
    image: TEST_IMAGE,
    labels: { [PROJECT_LABEL]: PROJECT, [SERVICE_LABEL]: service, [ONEOFF_LABEL]: ONEOFF_FALSE, [TEST_LABEL]: 'apply' },
    entrypoint: null,
    command: ['sh', '-c', command],
    env: [],
    tty: false,
    openStdin: false,
    stopTimeoutSeconds: 0,
    exposedPorts: [],
    host: { mounts: [], portBindings: [], restartPolicy: { name: 'no' }, networkMode: NETWORK },
    networks: { [NETWORK]: { aliases: [service] } },
    ...overrides,
  };
}

const networkSpec: NetworkSpec = {
  name: NETWORK,
  driver: 'bridge',
  driverOptions: {},
  labels: { [PROJECT_LABEL]: PROJECT, [TEST_LABEL]: 'apply' },
  internal: false,
  attachable: false,
  enableIpv6: false,
};

/** Network first, then per service: create, start (after the network and the service's own create). */
function upPlan(services: readonly { service: string; spec: ContainerSpec; awaits?: StartCondition[] }[], withNetwork: boolean): Plan {
  const steps: PlanStep[] = [];
  if (withNetwork) steps.push({ id: 1, operation: { kind: 'create-network', network: 'default', spec: networkSpec }, after: [], reason: 'test' });
  for (const { service, spec: containerSpec, awaits } of services) {
    const create = steps.length + 1;
    steps.push({ id: create, operation: { kind: 'create-container', service, number: 1, spec: containerSpec }, after: withNetwork ? [1] : [], reason: 'test' });
    steps.push({ id: create + 1, operation: { kind: 'start-container', service, container: { step: create, name: containerSpec.name }, awaits: awaits ?? [] }, after: [create], reason: 'test' });
  }
  return { project: PROJECT, steps, warnings: [] };
}

async function removeProject(engine: Engine): Promise<void> {
  const labels = { [PROJECT_LABEL]: PROJECT };
  for (const container of await engine.containers.list({ labels, all: true })) await engine.containers.remove(container.id, { force: true, volumes: true }).catch(() => {});
  for (const network of await engine.networks.list({ labels })) await engine.networks.remove(network.id).catch(() => {});
}

const healthcheck = (command: string) => ({ test: ['CMD-SHELL', command], intervalNs: 100 * MS, timeoutNs: 2000 * MS, retries: 2 });

describe('apply on a Docker Engine', async () => {
  const skip = await dockerSkipReason();
  const engine = skip === undefined ? createDockerEngine() : undefined;
  let contextDir = '';
  const builtImage = `${PROJECT}-app`;

  before(async () => {
    contextDir = await mkdtemp(join(tmpdir(), 'berth-apply-docker-'));
    if (engine) await removeProject(engine);
  });
  after(async () => {
    await rm(contextDir, { recursive: true, force: true });
    if (!engine) return;
    await removeProject(engine);
    await engine.images.remove(builtImage, { force: true }).catch(() => {});
    await engine.close();
  });

  test('service_healthy starts the dependent once the engine reports healthy; up --wait counts a finished job', async (t) => {
    if (!(await requireDocker(t)) || !engine) return;
    const plan = upPlan(
      [
        { service: 'db', spec: spec('db', 'sleep 0.3; touch /tmp/ready; exec sleep 300', {
            // Probes every 100 ms may fail many times before the 0.3 s sleep ends on a loaded machine; only a pass matters here.
            healthcheck: { ...healthcheck('test -f /tmp/ready'), retries: 100 },
          }) },
        { service: 'seed', spec: spec('seed', 'echo seeded') },
        {
          service: 'web',
          spec: spec('web', 'exec sleep 300'),
          awaits: [
            { service: 'db', condition: 'service_healthy', required: true },
            { service: 'seed', condition: 'service_completed_successfully', required: true },
          ],
        },
      ],
      true,
    );
    try {
      const result = await applyPlan(plan, engine, { conditionTimeoutMs: 20_000 });
      const db = await engine.containers.inspect(`${PROJECT}-db-1`);
      const web = await engine.containers.inspect(`${PROJECT}-web-1`);
      assert.equal(db?.health, 'healthy');
      assert.equal(web?.state, 'running');
      assert.ok(web && db && Date.parse(web.startedAt) >= Date.parse(db.startedAt));
      assert.equal(result.containerIds.size, 3);
      await waitForServices(
        engine,
        PROJECT,
        [
          { service: 'db', condition: 'healthy_or_running' },
          { service: 'web', condition: 'healthy_or_running' },
          { service: 'seed', condition: 'healthy_or_running' },
        ],
        { timeoutMs: 20_000 },
      );
    } finally {
      await removeProject(engine);
    }
  });

  test('an unhealthy dependency stops the plan with dependency_failed', async (t) => {
    if (!(await requireDocker(t)) || !engine) return;
    const plan = upPlan(
      [
        { service: 'db', spec: spec('db', 'exec sleep 300', { healthcheck: healthcheck('exit 1') }) },
        { service: 'web', spec: spec('web', 'exec sleep 300'), awaits: [{ service: 'db', condition: 'service_healthy', required: true }] },
      ],
      true,
    );
    try {
      await assert.rejects(applyPlan(plan, engine, { conditionTimeoutMs: 20_000 }), (error: unknown) => {
        assert.ok(error instanceof ApplyError, String(error));
        assert.equal(error.code, 'dependency_failed');
        assert.match(error.message, new RegExp(`^dependency failed to start: container ${PROJECT}-db-1 is unhealthy`));
        return true;
      });
      assert.equal((await engine.containers.inspect(`${PROJECT}-web-1`))?.state, 'created');
    } finally {
      await removeProject(engine);
    }
  });

  test('up --wait fails on a crashed service and shows its last log lines', async (t) => {
    if (!(await requireDocker(t)) || !engine) return;
    try {
      const result = await applyPlan(upPlan([{ service: 'api', spec: spec('api', 'echo "listening failed: port taken"; exit 3') }], true), engine);
      // A running container without a healthcheck is ready; this one must have crashed first.
      await engine.containers.wait(result.containerIds.get(2) ?? '');
      await assert.rejects(waitForServices(engine, PROJECT, [{ service: 'api', condition: 'healthy_or_running' }], { timeoutMs: 20_000 }), (error: unknown) => {
        assert.ok(error instanceof Error && 'code' in error);
        assert.equal(error.code, 'container_exit');
        assert.match(error.message, new RegExp(`^service "api" is not healthy: container ${PROJECT}-api-1 exited \\(3\\)\\nlast 1 log lines of ${PROJECT}-api-1:\\n  listening failed: port taken$`));
        return true;
      });
    } finally {
      await removeProject(engine);
    }
  });

  test('ensureImages builds a missing image from a context that honours .dockerignore', async (t) => {
    if (!(await requireDocker(t)) || !engine) return;
    await writeFile(join(contextDir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCOPY . /ctx/\nCMD ["ls", "-A", "/ctx"]\n`);
    await writeFile(join(contextDir, '.dockerignore'), 'secret.txt\n');
    await writeFile(join(contextDir, 'kept.txt'), 'kept\n');
    await writeFile(join(contextDir, 'secret.txt'), 'secret\n');
    const project = { name: PROJECT, workingDir: contextDir, services: { app: { build: { context: contextDir, dockerfile: 'Dockerfile' } } } };
    const images = await ensureImages(project, engine, { pull: undefined, build: undefined });
    const image = images.get(builtImage);
    assert.ok(image, `${builtImage} was built`);
    assert.equal(image.labels[PROJECT_LABEL], PROJECT);
    try {
      await applyPlan(upPlan([{ service: 'app', spec: { ...spec('app', ''), image: builtImage, command: null } }], true), engine);
      const id = (await engine.containers.inspect(`${PROJECT}-app-1`))?.id;
      assert.ok(id);
      await engine.containers.wait(id);
      const lines: string[] = [];
      for await (const entry of engine.containers.logs(id)) lines.push(entry.text);
      assert.deepEqual(lines.sort(), ['.dockerignore', 'Dockerfile', 'kept.txt']);
    } finally {
      await removeProject(engine);
    }
  });
});
