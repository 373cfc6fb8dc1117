/**
 * Obligation (issue 4, faults): restart policies keep working across a
 * SIGKILL of berthd. Containers that end while berthd is down are handled
 * by their policy when it comes back — `always` and `unless-stopped` start
 * again, `on-failure:2` is restarted twice and then stays down, `no` stays
 * exited — and a user's stop is kept as Docker keeps it: `unless-stopped`
 * stays stopped, `always` comes back with the engine.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RestartPolicy } from '../../src/engine/index.js';
import { berthdFixtureSkipReason, eventually, useBerthdFixture, processAlive, type BerthdFixture } from './berthd-fixture.js';

const skip = await berthdFixtureSkipReason();
if (skip !== undefined) console.log(`# skipped: berthd restart policy tests: ${skip}`);

/** Notes each run in /ctl/<name>.runs, waits for /ctl/<name>.exit, consumes it and exits with `code`. */
function exitOnSignal(name: string, code: number): string {
  return `echo run >> /ctl/${name}.runs; while [ ! -e /ctl/${name}.exit ]; do usleep 20000; done; rm -f /ctl/${name}.exit; exit ${code}`;
}

/** Notes each run; stops at once on SIGTERM. */
function untilTerm(name: string): string {
  return `echo run >> /ctl/${name}.runs; trap 'exit 0' TERM; while true; do usleep 20000; done`;
}

describe('restart policies across a SIGKILL of berthd', { skip }, () => {
  let fixture: BerthdFixture;
  useBerthdFixture((opened) => (fixture = opened));

  const runs = async (name: string): Promise<number> => (await readFile(join(fixture.controlDirectory, `${name}.runs`), 'utf8').catch(() => '')).split('\n').filter((line) => line === 'run').length;

  test('each policy decides what happens to containers that ended or were stopped while berthd was away', { timeout: 90_000 }, async () => {
    const policies: [string, RestartPolicy, string][] = [
      ['rp-always', { name: 'always' }, exitOnSignal('rp-always', 3)],
      ['rp-unless', { name: 'unless-stopped' }, exitOnSignal('rp-unless', 0)],
      ['rp-on-failure', { name: 'on-failure', maximumRetryCount: 2 }, `echo run >> /ctl/rp-on-failure.runs; while [ ! -e /ctl/rp-on-failure.exit ]; do usleep 20000; done; exit 1`],
      ['rp-no', { name: 'no' }, exitOnSignal('rp-no', 2)],
      ['rp-unless-stopped-by-user', { name: 'unless-stopped' }, untilTerm('rp-unless-stopped-by-user')],
      ['rp-always-stopped-by-user', { name: 'always' }, untilTerm('rp-always-stopped-by-user')],
    ];
    for (const [name, restartPolicy, script] of policies) await fixture.run(name, script, { host: { restartPolicy } });
    for (const [name] of policies) await eventually(`${name} runs`, async () => ((await runs(name)) === 1 ? true : undefined));
    for (const name of ['rp-unless-stopped-by-user', 'rp-always-stopped-by-user']) {
      await fixture.engine.containers.stop(name, { timeoutSeconds: 10 });
      assert.equal((await fixture.inspect(name)).state, 'exited', `${name} after the user stopped it`);
    }
    const pids = new Map<string, number>();
    for (const [name] of policies) pids.set(name, (await fixture.inspect(name)).pid);

    await fixture.kill();
    for (const name of ['rp-always', 'rp-unless', 'rp-on-failure', 'rp-no']) await fixture.signalFile(`${name}.exit`);
    for (const name of ['rp-always', 'rp-unless', 'rp-on-failure', 'rp-no']) {
      const pid = pids.get(name) ?? 0;
      await eventually(`${name} ended while berthd was down`, async () => (processAlive(pid) ? undefined : true));
    }
    await fixture.restart();

    for (const name of ['rp-always', 'rp-unless']) {
      const info = await eventually(`${name} is running again`, async () => {
        const current = await fixture.inspect(name);
        return current.state === 'running' ? current : undefined;
      });
      assert.notEqual(info.pid, pids.get(name), `${name} runs a new process`);
      assert.equal(info.restartCount, 1, `${name}'s restart count`);
      assert.equal(await runs(name), 2, `${name} ran twice`);
    }

    // on-failure:2 — restarted twice after berthd came back (the exit file stays, so every run fails at once), then left down.
    const onFailure = await eventually('rp-on-failure gave up', async () => {
      const current = await fixture.inspect('rp-on-failure');
      return current.state === 'exited' && current.restartCount === 2 ? current : undefined;
    }, 15_000);
    assert.equal(onFailure.exitCode, 1, 'rp-on-failure exit code');
    assert.equal(await runs('rp-on-failure'), 3, 'rp-on-failure ran three times: the first run and two restarts');

    const no = await fixture.inspect('rp-no');
    assert.equal(no.state, 'exited', 'rp-no stays exited');
    assert.equal(no.exitCode, 2, 'rp-no exit code, recorded while berthd was down');
    assert.equal(no.restartCount, 0);
    assert.equal(await runs('rp-no'), 1, 'rp-no ran once');

    // Docker's rule: a user's stop holds across an engine restart for unless-stopped, not for always.
    const always = await eventually('rp-always-stopped-by-user came back with berthd', async () => {
      const current = await fixture.inspect('rp-always-stopped-by-user');
      return current.state === 'running' ? current : undefined;
    });
    assert.ok(processAlive(always.pid), 'rp-always-stopped-by-user runs a live process');
    assert.equal(await runs('rp-always-stopped-by-user'), 2, 'rp-always-stopped-by-user ran again');
    // Checked after on-failure's restarts and always's start, so a wrongly scheduled start would have shown.
    const unless = await fixture.inspect('rp-unless-stopped-by-user');
    assert.equal(unless.state, 'exited', 'rp-unless-stopped-by-user stays stopped');
    assert.equal(await runs('rp-unless-stopped-by-user'), 1, 'rp-unless-stopped-by-user ran once');
  });
});
