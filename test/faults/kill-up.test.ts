/**
 * Obligation: whatever moment `berth up -d` is killed with SIGKILL — before
 * it talks to the engine, between creating a network and a container, in the
 * middle of a recreate (new container under its temporary name, old one
 * stopped or removed, rename not done) — the next `berth up -d` converges:
 * every service running, exactly its configured number of containers under
 * their final names, the current configuration, and nothing left under a
 * `<12hex>_…` temporary name; and at the end `down -v --remove-orphans`
 * leaves nothing of the project.
 *
 * Trials run until 20 ups were actually killed part-way (an up may beat its
 * kill point). They start either from nothing (a fresh up: network, volume, containers)
 * or from the converged stack with some services' configuration changed
 * (a recreating up). Kill delays are uniform over the time a whole `up` of
 * that kind takes, measured first. Choices come from a seeded generator:
 * the seed is printed, and BERTH_FAULT_SEED=<seed> replays a run.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { dockerHost } from '../helpers/docker.js';
import { containersOf, e2eProject, expectExit, inspectContainer, networksOf, TEST_IMAGE, volumesOf, type E2eProject } from '../e2e/support.js';
import { runAndKill } from './killed-berth.js';
import { seededRandom, seedFrom, type SeededRandom } from './seeded-random.js';

/** Ups actually killed part-way; trials whose up finishes before its kill point do not count. */
const KILLED_TRIALS = 20;
/** A bound, so a machine where every up beats its kill point fails instead of looping. */
const MAX_TRIALS = 40;
const SERVICES = ['db', 'cache', 'api', 'web', 'worker'] as const;
type Service = (typeof SERVICES)[number];
type Generations = Record<Service, number>;
const TEMPORARY_NAME = /^[0-9a-f]{12}_/;

/** db and cache first; api waits for both, web for api, worker for db. init: true so SIGTERM stops them at once. */
function composeFile(generations: Generations): string {
  const service = (name: Service, command: string, dependsOn: readonly Service[], extra: readonly string[] = []): string =>
    [
      `  ${name}:`,
      `    image: ${TEST_IMAGE}`,
      '    init: true',
      `    command: ${command}`,
      '    environment:',
      `      GENERATION: "${generations[name]}"`,
      ...(dependsOn.length > 0 ? ['    depends_on:', ...dependsOn.map((dependency) => `      - ${dependency}`)] : []),
      ...extra,
    ].join('\n');
  return [
    'services:',
    service('db', '["sleep", "86400"]', [], ['    volumes:', '      - data:/data']),
    service('cache', '["sleep", "86400"]', []),
    service('api', '["httpd", "-f", "-p", "8080", "-h", "/"]', ['db', 'cache']),
    service('web', '["httpd", "-f", "-p", "8081", "-h", "/"]', ['api']),
    service('worker', '["sleep", "86400"]', ['db']),
    'volumes:',
    '  data: {}',
    '',
  ].join('\n');
}

type TrialKind = 'fresh' | 'recreate';

interface Trial {
  readonly index: number;
  readonly kind: TrialKind;
  readonly killAfterMs: number;
  readonly changed: readonly Service[];
}

/** The services whose configuration a recreate trial changes: a random, non-empty subset. */
function pickChanged(random: SeededRandom): Service[] {
  const changed = SERVICES.filter(() => random.next() < 0.5);
  return changed.length > 0 ? changed : [SERVICES[random.integer(0, SERVICES.length - 1)] ?? 'db'];
}

/** What the engine itself says about the project, against what a converged stack is. */
async function assertConverged(project: E2eProject, generations: Generations, context: string): Promise<void> {
  const containers = await containersOf(project.name);
  const names = [...containers.keys()].sort();
  const expectedNames = SERVICES.map((service) => `${project.name}-${service}-1`).sort();
  assert.deepEqual(names, expectedNames, `${context}: the project's containers`);
  for (const service of SERVICES) {
    const name = `${project.name}-${service}-1`;
    const container = containers.get(name);
    assert.equal(container?.State, 'running', `${context}: ${name} is ${container?.State ?? 'missing'}`);
    const inspected = await inspectContainer(name);
    assert.ok(inspected.Config.Env.includes(`GENERATION=${generations[service]}`), `${context}: ${name} runs an old configuration (${inspected.Config.Env.join(' ')})`);
  }
  assert.deepEqual(await networksOf(project.name), [`${project.name}_default`], `${context}: the project's networks`);
  assert.deepEqual(await volumesOf(project.name), [`${project.name}_data`], `${context}: the project's volumes`);
}

/** A second `up` of a converged stack has nothing to do. */
async function assertNothingToDo(project: E2eProject, context: string): Promise<void> {
  const result = await project.berth(['--dry-run', 'up', '-d', '--format', 'json']);
  expectExit(result, 0, `${context}: up --dry-run`);
  const plan = JSON.parse(result.stdout) as { steps: { reason: string; operation: { kind: string } }[] };
  assert.deepEqual(
    plan.steps.map((step) => `${step.operation.kind} (${step.reason})`),
    [],
    `${context}: up after convergence still plans steps`,
  );
}

test('kill -9 of `berth up -d` at random points: the next up converges, down -v leaves nothing', { timeout: 360_000 }, async (t) => {
  const seed = seedFrom(process.env['BERTH_FAULT_SEED']);
  const random = seededRandom(seed);
  t.diagnostic(`seed ${seed} (replay with BERTH_FAULT_SEED=${seed})`);
  const generations: Generations = { db: 0, cache: 0, api: 0, web: 0, worker: 0 };
  const project = await e2eProject(t, 'kill-up', { 'compose.yaml': composeFile(generations) });
  if (project === undefined) return;
  const env = { DOCKER_HOST: dockerHost() };
  const upArgs = ['-p', project.name, '--progress', 'plain', 'up', '-d'];

  // How long a whole up of each kind takes here, so kill points cover all of it.
  const fresh = await project.berth(['up', '-d']);
  expectExit(fresh, 0, 'calibration: fresh up');
  for (const service of SERVICES) generations[service]++;
  await project.write('compose.yaml', composeFile(generations));
  const recreate = await project.berth(['up', '-d']);
  expectExit(recreate, 0, 'calibration: recreate of every service');
  await assertConverged(project, generations, 'calibration');
  const upTimeMs: Record<TrialKind, number> = { fresh: fresh.elapsedMs, recreate: recreate.elapsedMs };
  t.diagnostic(`a whole up takes ${Math.round(upTimeMs.fresh)} ms fresh, ${Math.round(upTimeMs.recreate)} ms recreating all ${SERVICES.length} services`);

  const log: string[] = [];
  let finishedFirst = 0;
  let index = 0;
  while (index - finishedFirst < KILLED_TRIALS && index < MAX_TRIALS) {
    index++;
    const kind: TrialKind = random.next() < 0.4 ? 'fresh' : 'recreate';
    const trial: Trial = { index, kind, killAfterMs: Math.round(random.next() * upTimeMs[kind]), changed: kind === 'recreate' ? pickChanged(random) : [] };
    const context = `seed ${seed}, trial ${index} (${kind}${trial.changed.length > 0 ? ` of ${trial.changed.join(',')}` : ''}, killed after ${trial.killAfterMs} ms)`;
    if (kind === 'fresh') {
      expectExit(await project.berth(['down', '-v', '-t', '0']), 0, `${context}: down before a fresh up`);
    } else {
      for (const service of trial.changed) generations[service]++;
      await project.write('compose.yaml', composeFile(generations));
    }

    const killed = await runAndKill(upArgs, { cwd: project.dir, env, killAfterMs: trial.killAfterMs });
    if (!killed.killed) {
      finishedFirst++;
      assert.equal(killed.exitCode, 0, `${context}: up finished before the kill but failed:\n${killed.stderr}`);
    }
    log.push(`#${index} ${kind}${trial.changed.length > 0 ? `(${trial.changed.join(',')})` : ''} kill@${trial.killAfterMs}ms ${killed.killed ? 'killed' : 'finished first'}`);

    const converging = await project.berth(['up', '-d']);
    expectExit(converging, 0, `${context}: up after the kill`);
    const temporary = [...(await containersOf(project.name)).keys()].filter((name) => TEMPORARY_NAME.test(name));
    assert.deepEqual(temporary, [], `${context}: containers left under a temporary name`);
    await assertConverged(project, generations, context);
    await assertNothingToDo(project, context);
  }
  t.diagnostic(log.join('; '));
  t.diagnostic(`${index - finishedFirst} of ${index} ups were killed mid-way; ${finishedFirst} finished before their kill`);
  assert.ok(index - finishedFirst >= KILLED_TRIALS, `seed ${seed}: only ${index - finishedFirst} of ${index} ups were killed before they finished; the calibration is off`);

  expectExit(await project.berth(['down', '-v', '--remove-orphans']), 0, 'final down -v --remove-orphans');
  assert.deepEqual([...(await containersOf(project.name)).keys()], [], `seed ${seed}: containers left after down -v`);
  assert.deepEqual(await networksOf(project.name), [], `seed ${seed}: networks left after down -v`);
  assert.deepEqual(await volumesOf(project.name), [], `seed ${seed}: volumes left after down -v`);
});
