import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, eventually, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

interface Restarts {
  RestartCount: number;
  State: { Status: string; ExitCode: number; StartedAt: string };
}

test('restart: on-failure:2 restarts a failing container twice, then leaves it exited', async (t) => {
  const project = await e2eProject(t, 'onfail', {
    'compose.yaml': `
services:
  flaky:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo attempt; exit 3"]
    restart: on-failure:2
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const container = `${project.name}-flaky-1`;
  // A container the policy will restart is "restarting" between attempts, never "exited".
  const final = await eventually(async () => {
    const info = await inspectContainer<Restarts>(container);
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
  const project = await e2eProject(t, 'always', {
    'compose.yaml': `
services:
  server:
    image: ${TEST_IMAGE}
    # Crashes once /tmp/crash appears, consuming it, so the restarted container runs on.
    command: ["sh", "-c", "while ! rm /tmp/crash 2>/dev/null; do sleep 0.1; done; exit 1"]
    restart: always
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const container = `${project.name}-server-1`;
  const before = await inspectContainer<Restarts>(container);
  assert.equal(before.RestartCount, 0);

  expectExit(await project.berth(['exec', '-T', 'server', 'touch', '/tmp/crash']), 0, 'make it crash');
  const after = await eventually(async () => {
    const info = await inspectContainer<Restarts>(container);
    assert.equal(info.RestartCount, 1);
    assert.equal(info.State.Status, 'running');
    return info;
  }, 20_000, 'the crashed container running again');
  assert.notEqual(after.State.StartedAt, before.State.StartedAt);
  const ps = await project.berth(['ps', '--format', 'json']);
  expectExit(ps, 0, 'ps');
  assert.equal((JSON.parse(ps.stdout) as { State: string }[])[0]?.State, 'running');
});
