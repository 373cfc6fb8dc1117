import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

test('stop sends stop_signal, and kills after stop_grace_period a process that ignores it', async (t) => {
  const project = await e2eProject(t, 'stopsig', {
    'compose.yaml': `
services:
  trapper:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'echo got USR1; exit 0' USR1; echo ready; while true; do sleep 0.1; done"]
    stop_signal: SIGUSR1
  stubborn:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap '' TERM; while true; do sleep 0.1; done"]
    stop_grace_period: 1s
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');

  const trapped = await project.berth(['stop', 'trapper']);
  expectExit(trapped, 0, 'stop trapper');
  const trapper = await inspectContainer(`${project.name}-trapper-1`);
  assert.equal(trapper.State.ExitCode, 0, 'the trap ran, so the process exited by itself');
  assert.ok(trapped.elapsedMs < 8_000, `the trapped signal stopped it well before the 10 s default (${trapped.elapsedMs} ms)`);
  const logs = await project.berth(['logs', '--no-log-prefix', 'trapper']);
  assert.match(logs.stdout, /^got USR1$/m);

  const killed = await project.berth(['stop', 'stubborn']);
  expectExit(killed, 0, 'stop stubborn');
  const stubborn = await inspectContainer(`${project.name}-stubborn-1`);
  assert.equal(stubborn.State.ExitCode, 137, 'SIGKILL after the grace period');
  assert.ok(killed.elapsedMs >= 1_000, `stop waited the grace period (${killed.elapsedMs} ms)`);
  assert.ok(killed.elapsedMs < 8_000, `stop did not wait the 10 s default (${killed.elapsedMs} ms)`);
});
