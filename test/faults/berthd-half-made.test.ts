/**
 * Obligation (issue 4, faults): a berthd killed with SIGKILL in the middle
 * of creating and starting containers never leaves a half-made one. After
 * it starts again every container is either absent or usable: one it says
 * runs has a live process, one it says does not run has no process behind
 * its back and starts when asked; and removing them all leaves no mount,
 * conmon or cgroup.
 *
 * Each round creates and starts a few containers at once and kills berthd
 * after a delay drawn over the time such a round takes (measured first),
 * weighted towards its start, where the creates are. The seed is printed; BERTH_FAULT_SEED=<seed> replays a run.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cgroupParent } from '../../src/daemon/paths.js';
import { leftovers } from '../helpers/berthd.js';
import { berthdFixtureSkipReason, eventually, useBerthdFixture, processAlive, type BerthdFixture } from './berthd-fixture.js';
import { seededRandom, seedFrom } from './seeded-random.js';

const skip = await berthdFixtureSkipReason();
if (skip !== undefined) console.log(`# skipped: berthd half-made container tests: ${skip}`);

const ROUNDS = 12;
const CONTAINERS_PER_ROUND = 4;

/** conmon processes whose command line names this container. */
async function conmonsOf(containerId: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if ((command.startsWith('conmon\0') || command.includes('/conmon\0')) && command.includes(containerId)) found.push(Number(entry));
  }
  return found;
}

/** Container cgroups left under this berthd's parent, in any controller. */
async function containerCgroups(root: string): Promise<string[]> {
  const parent = cgroupParent(root);
  const left: string[] = [];
  for (const controller of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
    const path = join('/sys/fs/cgroup', controller, parent);
    if (!existsSync(path)) continue;
    for (const entry of await readdir(path, { withFileTypes: true })) if (entry.isDirectory()) left.push(join(path, entry.name));
  }
  return left;
}

describe('SIGKILL of berthd while it creates and starts containers', { skip }, () => {
  let fixture: BerthdFixture;
  useBerthdFixture((opened) => (fixture = opened));

  /** Creates and starts `names` at once; failures (berthd killed under them) are expected and ignored. */
  const createAndStart = (names: readonly string[]): Promise<unknown> =>
    Promise.allSettled(
      names.map(async (name) => {
        const id = await fixture.engine.containers.create(fixture.spec(name, 'exec sleep 300'));
        await fixture.engine.containers.start(id);
      }),
    );

  const removeAll = async (context: string): Promise<void> => {
    for (const container of await fixture.engine.containers.list({ all: true })) await fixture.engine.containers.remove(container.id, { force: true });
    const left = [...(await leftovers(fixture.daemon.root)).filter((problem) => !problem.startsWith('cgroup left')), ...(await containerCgroups(fixture.daemon.root))];
    assert.deepEqual(left, [], `${context}: removing every container left this behind`);
  };

  test('every container is usable or absent after the restart, and removing them leaves nothing', { timeout: 90_000 }, async (t) => {
    const seed = seedFrom(process.env['BERTH_FAULT_SEED']);
    const random = seededRandom(seed);
    t.diagnostic(`seed ${seed} (replay with BERTH_FAULT_SEED=${seed})`);

    const calibrationStart = performance.now();
    await createAndStart(Array.from({ length: CONTAINERS_PER_ROUND }, (_, index) => `calibrate-${index}`));
    const roundMs = performance.now() - calibrationStart;
    assert.equal((await fixture.engine.containers.list({})).length, CONTAINERS_PER_ROUND, 'calibration: every container runs');
    await removeAll('calibration');
    t.diagnostic(`creating and starting ${CONTAINERS_PER_ROUND} containers takes ${Math.round(roundMs)} ms`);

    const outcomes: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Squared: early kill points (inside the creates, a few ms long) come up as often as late ones (inside the starts).
      const killAfterMs = Math.round(random.next() ** 2 * roundMs);
      const context = `seed ${seed}, round ${round} (killed after ${killAfterMs} ms)`;
      const names = Array.from({ length: CONTAINERS_PER_ROUND }, (_, index) => `half-${round}-${index}`);
      const work = createAndStart(names);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      await fixture.kill();
      await work;
      await fixture.restart();

      const counts = { absent: 0, running: 0, stopped: 0 };
      for (const name of names) {
        const info = await fixture.engine.containers.inspect(name);
        if (info === undefined) {
          counts.absent++;
          continue;
        }
        if (info.state === 'running') {
          counts.running++;
          assert.ok(processAlive(info.pid), `${context}: ${name} is running by berthd's account but its process ${info.pid} is gone`);
          const monitors = await conmonsOf(info.id);
          assert.equal(monitors.length, 1, `${context}: ${name} runs under ${monitors.length} conmon processes`);
        } else {
          counts.stopped++;
          assert.ok(info.state === 'created' || info.state === 'exited', `${context}: ${name} is ${info.state}`);
          // A conmon whose container berthd just deleted may take a moment to write the exit file and go.
          await eventually(`${context}: no conmon for ${name}, which is ${info.state} by berthd's account`, async () => ((await conmonsOf(info.id)).length === 0 ? true : undefined), 3_000);
          await fixture.engine.containers.start(info.id);
          const started = await fixture.engine.containers.inspect(info.id);
          assert.equal(started?.state, 'running', `${context}: ${name} after start`);
          assert.ok(processAlive(started?.pid ?? 0), `${context}: ${name}'s process after start`);
        }
      }
      outcomes.push(`#${round}@${killAfterMs}ms ${counts.absent}a/${counts.stopped}s/${counts.running}r`);
      await removeAll(context);
    }
    t.diagnostic(`rounds (absent/stopped/running): ${outcomes.join(' ')}`);
  });
});
