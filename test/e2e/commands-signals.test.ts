import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, eventually, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

test('kill -s delivers the signal, pause and unpause freeze and thaw, wait exits with the container\'s code', async (t) => {
  const project = await e2eProject(t, 'signals', {
    'compose.yaml': `
services:
  trapper:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 3' USR1; while true; do sleep 0.1; done"]
  sleeper:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  job:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 2; exit 7"]
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const name = (service: string): string => `${project.name}-${service}-1`;

  const waited = project.berth(['wait', 'job']);

  const killed = await project.berth(['kill', '-s', 'SIGUSR1', 'trapper']);
  expectExit(killed, 0, 'kill -s SIGUSR1');
  assert.match(killed.stderr, new RegExp(`Container ${name('trapper')}  Killed`));
  const trapper = await eventually(async () => {
    const info = await inspectContainer(name('trapper'));
    assert.equal(info.State.Status, 'exited');
    return info;
  }, 10_000, 'trapper exits on USR1');
  assert.equal(trapper.State.ExitCode, 3);

  expectExit(await project.berth(['pause', 'sleeper']), 0, 'pause');
  assert.equal((await inspectContainer(name('sleeper'))).State.Status, 'paused');
  expectExit(await project.berth(['unpause']), 0, 'unpause');
  assert.equal((await inspectContainer(name('sleeper'))).State.Status, 'running');

  const done = await waited;
  assert.equal(done.exitCode, 7, done.stderr);
  const jobId = (await containersOf(project.name)).get(name('job'))?.Id;
  assert.equal(done.stdout, `container "${jobId}" exited with status code 7\n`);

  const none = await project.berth(['kill', 'trapper']);
  expectExit(none, 0, 'kill with nothing running');
  assert.match(none.stderr, /^No container to kill$/m);
});

test('wait --down-project takes the project down once the first container stops, with its exit code', async (t) => {
  const project = await e2eProject(t, 'waitdown', {
    'compose.yaml': `
services:
  test:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; exit 4"]
  server:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const result = await project.berth(['wait', '--down-project']);
  assert.equal(result.exitCode, 4, result.stderr);
  assert.deepEqual([...(await containersOf(project.name)).keys()], []);
});
