import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, expectExit, nativeSuite, TEST_IMAGE } from './support.js';

const suite = nativeSuite();

test('restart: on-failure:2 restarts a failing container twice, then leaves it exited', async (t) => {
  const project = await suite.project(t, 'onfail', {
    'compose.yaml': `
services:
  flaky:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo attempt; exit 3"]
    network_mode: none
    restart: on-failure:2
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const container = `${project.name}-flaky-1`;
  // Between attempts the container is "restarting", never "exited".
  const final = await eventually(async () => {
    const info = await suite.inspect(container);
    assert.equal(info.State.Status, 'exited');
    return info;
  }, 20_000, 'the policy giving up');
  assert.equal(final.RestartCount, 2);
  assert.equal(final.State.ExitCode, 3);
  const logs = await project.berth(['logs', '--no-log-prefix', 'flaky']);
  expectExit(logs, 0, 'logs');
  assert.equal(logs.stdout, 'attempt\nattempt\nattempt\n', 'one first run and two restarts');
});

test('restart: always brings a crashed container back', async (t) => {
  const project = await suite.project(t, 'always', {
    'compose.yaml': `
services:
  server:
    image: ${TEST_IMAGE}
    # Crashes once /tmp/crash appears, consuming it, so the restarted container runs on.
    command: ["sh", "-c", "while ! rm /tmp/crash 2>/dev/null; do sleep 0.1; done; exit 1"]
    network_mode: none
    stop_signal: SIGKILL
    restart: always
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const container = `${project.name}-server-1`;
  const before = await suite.inspect(container);
  assert.equal(before.RestartCount, 0);

  expectExit(await project.berth(['exec', '-T', 'server', 'touch', '/tmp/crash']), 0, 'make it crash');
  const after = await eventually(async () => {
    const info = await suite.inspect(container);
    assert.equal(info.RestartCount, 1);
    assert.equal(info.State.Status, 'running');
    return info;
  }, 20_000, 'the crashed container running again');
  assert.notEqual(after.State.StartedAt, before.State.StartedAt);
  assert.notEqual(after.State.Pid, before.State.Pid);
});

test('stop sends stop_signal, and kills after stop_grace_period a process that ignores it', async (t) => {
  const project = await suite.project(t, 'stopsig', {
    'compose.yaml': `
services:
  trapper:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'echo got USR1; exit 0' USR1; echo ready; while true; do sleep 0.1; done"]
    network_mode: none
    stop_signal: SIGUSR1
  stubborn:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"]
    network_mode: none
    stop_grace_period: 1s
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  // The traps are set once the shells print ready.
  await eventually(async () => {
    const logs = await project.berth(['logs', '--no-log-prefix']);
    assert.equal(logs.stdout, 'ready\nready\n');
  }, 15_000, 'both shells ready');

  const trapped = await project.berth(['stop', 'trapper']);
  expectExit(trapped, 0, 'stop trapper');
  assert.equal((await suite.inspect(`${project.name}-trapper-1`)).State.ExitCode, 0, 'the trap ran, so the process exited by itself');
  assert.ok(trapped.elapsedMs < 8_000, `the trapped signal stopped it well before the 10 s default (${trapped.elapsedMs} ms)`);
  assert.match((await project.berth(['logs', '--no-log-prefix', 'trapper'])).stdout, /^got USR1$/m);

  const killed = await project.berth(['stop', 'stubborn']);
  expectExit(killed, 0, 'stop stubborn');
  assert.equal((await suite.inspect(`${project.name}-stubborn-1`)).State.ExitCode, 137, 'SIGKILL after the grace period');
  assert.ok(killed.elapsedMs >= 1_000, `stop waited the grace period (${killed.elapsedMs} ms)`);
  assert.ok(killed.elapsedMs < 8_000, `stop did not wait the 10 s default (${killed.elapsedMs} ms)`);
});

test('mem_limit is the limit of the container\'s memory cgroup', async (t) => {
  const project = await suite.project(t, 'memlimit', {
    'compose.yaml': `
services:
  small:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    mem_limit: 64m
  deployed:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    deploy:
      resources:
        limits:
          memory: 48M
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  // cgroup v2 shows the limit as memory.max at the container's cgroup root; v1 (this project's CI host) as memory/memory.limit_in_bytes.
  const limit = async (service: string): Promise<string> => {
    const result = await project.berth(['exec', '-T', service, 'sh', '-c', 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes']);
    expectExit(result, 0, `read the memory limit of ${service}`);
    return result.stdout.trim();
  };
  assert.equal(await limit('small'), String(64 * 1024 * 1024));
  assert.equal(await limit('deployed'), String(48 * 1024 * 1024));
});
