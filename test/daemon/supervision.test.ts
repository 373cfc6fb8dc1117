/**
 * berthd's supervision, seen through the engine API: health checks (first
 * probe at once, reset on every start, unhealthy after `retries` failures,
 * health_status events), stop (the stop signal, the grace period, then
 * SIGKILL, with elapsed-time bounds) and restart policies after a user's
 * stop and start.
 */
import assert from 'node:assert/strict';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { EngineEvent } from '../../src/engine/index.js';
import { berthdFixtureSkipReason, collect, eventually, useBerthdFixture, processAlive, type BerthdFixture } from '../faults/berthd-fixture.js';

const skip = await berthdFixtureSkipReason();
if (skip !== undefined) console.log(`# skipped: berthd supervision tests: ${skip}`);

const SECOND_NS = 1_000_000_000;
const IDLE = 'while true; do usleep 20000; done';

describe('berthd supervision', { skip }, () => {
  let fixture: BerthdFixture;
  useBerthdFixture((opened) => (fixture = opened));

  test('health: the first probe runs at once, unhealthy after `retries` failures, health_status events', { timeout: 30_000 }, async () => {
    const events = collect(fixture.engine.events.stream({ signal: AbortSignal.timeout(20_000) }), {
      timeoutMs: 20_000,
      stop: (seen) => ['hc-pass', 'hc-fail'].every((name) => seen.some((event) => isHealth(event) && event.name === name && event.health !== 'starting')),
    });
    // A 30 s interval: only a first probe at start makes it healthy this soon.
    const startedAt = performance.now();
    await fixture.run('hc-pass', IDLE, { healthcheck: { test: ['CMD', 'true'], intervalNs: 30 * SECOND_NS, retries: 3 } });
    const healthy = await eventually('hc-pass healthy', async () => ((await fixture.inspect('hc-pass')).health === 'healthy' ? performance.now() - startedAt : undefined), 5_000);
    assert.ok(healthy < 1_500, `hc-pass became healthy ${Math.round(healthy)} ms after start (the first probe must not wait for the 30 s interval)`);

    await fixture.run('hc-fail', IDLE, { healthcheck: { test: ['CMD-SHELL', 'echo nope; exit 1'], intervalNs: SECOND_NS / 5, retries: 3 } });
    const unhealthy = await eventually('hc-fail unhealthy', async () => {
      const info = await fixture.inspect('hc-fail');
      return info.health === 'unhealthy' ? info : undefined;
    }, 10_000);
    assert.ok(unhealthy.healthLog.length >= 3, `hc-fail has ${unhealthy.healthLog.length} probe results; unhealthy needs 3 failures`);
    assert.ok(unhealthy.healthLog.every((entry) => entry.exitCode === 1 && entry.output.includes('nope')), `hc-fail's probe log: ${JSON.stringify(unhealthy.healthLog)}`);

    const seen = (await events).filter(isHealth);
    const statuses = (name: string): string[] => seen.filter((event) => event.name === name).map((event) => event.health);
    assert.deepEqual(statuses('hc-pass'), ['healthy'], 'health_status events of hc-pass');
    // Failures before `retries` keep a never-healthy container starting: the only change is to unhealthy.
    assert.deepEqual(statuses('hc-fail'), ['unhealthy'], 'health_status events of hc-fail');
    await fixture.engine.containers.remove('hc-fail', { force: true });
  });

  test('health: a restart resets the status to starting and the probe log', { timeout: 30_000 }, async () => {
    await fixture.signalFile('hc-reset.ok');
    await fixture.run('hc-reset', `trap 'exit 0' TERM; ${IDLE}`, { healthcheck: { test: ['CMD', 'test', '-e', '/ctl/hc-reset.ok'], intervalNs: 30 * SECOND_NS, retries: 3 } });
    await eventually('hc-reset healthy', async () => ((await fixture.inspect('hc-reset')).health === 'healthy' ? true : undefined), 5_000);
    await unlink(join(fixture.controlDirectory, 'hc-reset.ok'));
    await fixture.engine.containers.restart('hc-reset', { timeoutSeconds: 5 });
    // The restarted run's first probe fails once: not `retries` failures yet, so starting (not healthy from the last run).
    const info = await eventually('hc-reset probed after the restart', async () => {
      const current = await fixture.inspect('hc-reset');
      return current.healthLog.length > 0 ? current : undefined;
    }, 5_000);
    assert.equal(info.health, 'starting', 'health after a restart with one failed probe');
    assert.deepEqual(info.healthLog.map((entry) => entry.exitCode), [1], 'the probe log holds only the new run’s probe');
    await fixture.engine.containers.remove('hc-reset', { force: true });
  });

  test('restart: the new run keeps running (regression: the exit of the old run, handled late, killed it)', { timeout: 30_000 }, async () => {
    await fixture.run('restart-stays', `trap 'exit 0' TERM; ${IDLE}`);
    const first = await fixture.inspect('restart-stays');
    await fixture.engine.containers.restart('restart-stays', { timeoutSeconds: 5 });
    const restarted = await fixture.inspect('restart-stays');
    assert.notEqual(restarted.pid, first.pid, 'restart runs a new process');
    // start of a running container waits its turn on the container's lock, behind any exit handling queued there.
    await fixture.engine.containers.start('restart-stays');
    const settled = await fixture.inspect('restart-stays');
    assert.equal(settled.state, 'running', 'the container after its restart has settled');
    assert.equal(settled.pid, restarted.pid, 'the same run as right after the restart');
    assert.ok(processAlive(settled.pid), `the restarted process ${settled.pid} is alive`);
    await fixture.engine.containers.remove('restart-stays', { force: true });
  });

  test('stop: the stop signal ends a container that handles it, at once', { timeout: 30_000 }, async () => {
    await fixture.run('stop-usr1', `trap 'exit 7' USR1; ${IDLE}`, { stopSignal: 'SIGUSR1', stopTimeoutSeconds: 10 });
    const startedAt = performance.now();
    await fixture.engine.containers.stop('stop-usr1');
    const elapsed = performance.now() - startedAt;
    const info = await fixture.inspect('stop-usr1');
    assert.equal(info.exitCode, 7, 'stop sent SIGUSR1 (the trap exits 7)');
    assert.ok(elapsed < 2_000, `stop took ${Math.round(elapsed)} ms for a container that exits on its stop signal`);
    await fixture.engine.containers.remove('stop-usr1', { force: true });
  });

  test('stop: a container that ignores the stop signal is killed when the grace period ends', { timeout: 30_000 }, async () => {
    await fixture.run('stop-deaf', `trap '' TERM; ${IDLE}`);
    const startedAt = performance.now();
    await fixture.engine.containers.stop('stop-deaf', { timeoutSeconds: 2 });
    const elapsed = performance.now() - startedAt;
    const info = await fixture.inspect('stop-deaf');
    assert.equal(info.state, 'exited');
    assert.equal(info.exitCode, 137, 'SIGKILL ended it');
    assert.ok(elapsed >= 1_950 && elapsed < 4_000, `stop with a 2 s grace period took ${Math.round(elapsed)} ms`);
    await fixture.engine.containers.remove('stop-deaf', { force: true });
  });

  test('restart policy: a container a user stopped and started again is restarted when it ends', { timeout: 30_000 }, async () => {
    await fixture.run('rp-restarted-by-user', `echo run >> /ctl/rp-restarted-by-user.runs; trap 'exit 0' TERM; while [ ! -e /ctl/rp-restarted-by-user.exit ]; do usleep 20000; done; rm -f /ctl/rp-restarted-by-user.exit; exit 4`, {
      host: { restartPolicy: { name: 'always' } },
    });
    await fixture.engine.containers.stop('rp-restarted-by-user', { timeoutSeconds: 5 });
    await fixture.engine.containers.start('rp-restarted-by-user');
    const before = await fixture.inspect('rp-restarted-by-user');
    await fixture.signalFile('rp-restarted-by-user.exit');
    const after = await eventually('rp-restarted-by-user restarted after it exited', async () => {
      const current = await fixture.inspect('rp-restarted-by-user');
      return current.state === 'running' && current.pid !== before.pid ? current : undefined;
    }, 10_000);
    assert.equal(after.restartCount, 1, 'restart count after one restart by the policy');
    await fixture.engine.containers.remove('rp-restarted-by-user', { force: true });
  });
});

function isHealth(event: EngineEvent): event is Extract<EngineEvent, { action: 'health_status' }> {
  return event.type === 'container' && event.action === 'health_status';
}
