// Target 1 of issue 4's Speed section: create and start of one container
// through the Engine API (what `docker run -d` does once the image is there):
// POST /containers/create, then POST /containers/{id}/start, timed from the
// first byte sent to the start's answer. The container is then inspected
// (untimed) and must be running; it is removed (untimed) before the next run.

import { randomBytes } from 'node:crypto';
import { call, expectOk } from './engine-http.mjs';
import { summarize } from './stats.mjs';

/** Every container this benchmark makes carries it, so leftovers are easy to find and to remove. */
export const BENCH_LABEL = 'berth.bench';
const BENCH_LABEL_VALUE = 'native-create-start';

/**
 * An engine under test: `socket` is its API, `networkMode` what the
 * container gets (`none` for the fair comparison; dockerd's `default`, its
 * bridge with a veth and iptables, is measured for information).
 */
export function engineUnderTest(id, socket, networkMode) {
  return { id, socket, networkMode };
}

function createBody(image, networkMode) {
  return {
    Image: image,
    Cmd: ['sleep', '86400'],
    Labels: { [BENCH_LABEL]: BENCH_LABEL_VALUE },
    HostConfig: { NetworkMode: networkMode },
  };
}

/** One timed create + start; returns the time and the container's ID. */
async function createAndStart(engine, image, name) {
  const started = performance.now();
  const created = await expectOk(engine.socket, 'POST', `/containers/create?name=${name}`, createBody(image, engine.networkMode));
  await expectOk(engine.socket, 'POST', `/containers/${created.Id}/start`);
  const elapsedMs = performance.now() - started;
  return { elapsedMs, id: created.Id };
}

async function expectRunning(engine, id) {
  const inspected = await expectOk(engine.socket, 'GET', `/containers/${id}/json`);
  if (inspected.State?.Running !== true) {
    throw new Error(`${engine.id}: container ${id} is not running after its start answered (state ${JSON.stringify(inspected.State)})`);
  }
}

async function remove(engine, id) {
  await expectOk(engine.socket, 'DELETE', `/containers/${id}?force=1&v=1`);
}

/** Removes every container of this benchmark that `engine` still has; returns their names. */
export async function removeLeftovers(engine) {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${BENCH_LABEL}=${BENCH_LABEL_VALUE}`] }));
  const answer = await call(engine.socket, 'GET', `/containers/json?all=1&filters=${filters}`);
  if (answer.status >= 400 || !Array.isArray(answer.body)) return [];
  for (const container of answer.body) await remove(engine, container.Id);
  return answer.body.map((container) => container.Names?.[0] ?? container.Id);
}

/**
 * Runs `warmups + runs` rounds; in each, every engine creates, starts and
 * removes one container, the order turning each round so that drift on a
 * shared machine falls on all of them. Returns one summary per engine.
 */
export async function measureCreateStart(engines, { image, runs, warmups, onRound = () => undefined }) {
  const samples = new Map(engines.map((engine) => [engine.id, []]));
  const suffix = randomBytes(3).toString('hex');
  for (let round = 0; round < warmups + runs; round++) {
    const order = engines.map((_, index) => engines[(index + round) % engines.length]);
    for (const engine of order) {
      const { elapsedMs, id } = await createAndStart(engine, image, `bench-native-${engine.id}-${suffix}-${round}`);
      try {
        await expectRunning(engine, id);
      } finally {
        await remove(engine, id);
      }
      if (round >= warmups) samples.get(engine.id).push(elapsedMs);
    }
    onRound(round);
  }
  return Object.fromEntries([...samples].map(([id, values]) => [id, summarize(values)]));
}
