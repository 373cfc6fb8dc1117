import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, expectExit, nativeSuite, TEST_IMAGE } from './support.js';

const suite = nativeSuite();

test('kill -s delivers the signal; kill without one ends the container with SIGKILL', async (t) => {
  const project = await suite.project(t, 'kill', {
    'compose.yaml': `
services:
  trapper:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 3' USR1; echo ready; while true; do sleep 0.1; done"]
    network_mode: none
  sleeper:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const name = (service: string): string => `${project.name}-${service}-1`;
  await eventually(async () => assert.equal((await project.berth(['logs', '--no-log-prefix', 'trapper'])).stdout, 'ready\n'), 15_000, 'the trap set');

  const signalled = await project.berth(['kill', '-s', 'SIGUSR1', 'trapper']);
  expectExit(signalled, 0, 'kill -s SIGUSR1');
  assert.match(signalled.stderr, new RegExp(`Container ${name('trapper')}  Killed`));
  const trapper = await eventually(async () => {
    const info = await suite.inspect(name('trapper'));
    assert.equal(info.State.Status, 'exited');
    return info;
  }, 10_000, 'trapper exits on USR1');
  assert.equal(trapper.State.ExitCode, 3);

  expectExit(await project.berth(['kill', 'sleeper']), 0, 'kill');
  const sleeper = await eventually(async () => {
    const info = await suite.inspect(name('sleeper'));
    assert.equal(info.State.Status, 'exited');
    return info;
  }, 10_000, 'sleeper killed');
  assert.equal(sleeper.State.ExitCode, 137);
});

test('pause freezes the container\'s processes and unpause thaws them', async (t) => {
  const project = await suite.project(t, 'pause', {
    'compose.yaml': `
services:
  ticker:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "while true; do date +%s%N > /tmp/tick; sleep 0.05; done"]
    network_mode: none
    stop_signal: SIGKILL
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const container = `${project.name}-ticker-1`;
  const { Pid: pid } = (await suite.inspect(container)).State;

  expectExit(await project.berth(['pause', 'ticker']), 0, 'pause');
  assert.equal((await suite.inspect(container)).State.Status, 'paused');
  const processState = async (): Promise<string> => (/^State:\s+(\S)/m.exec(await readFile(`/proc/${pid}/status`, 'utf8')) ?? [])[1] ?? '?';
  // The freezer stops the task in the kernel: its state shows D (frozen in the refrigerator) or T.
  await eventually(async () => assert.match(await processState(), /^[DT]$/), 5_000, 'the main process frozen');
  const ps = await project.berth(['ps', '--format', 'json']);
  assert.equal((JSON.parse(ps.stdout) as { State: string }[])[0]?.State, 'paused');

  expectExit(await project.berth(['unpause', 'ticker']), 0, 'unpause');
  assert.equal((await suite.inspect(container)).State.Status, 'running');
  const read = async (): Promise<string> => (await project.berth(['exec', '-T', 'ticker', 'cat', '/tmp/tick'])).stdout;
  const first = await read();
  await eventually(async () => assert.notEqual(await read(), first), 5_000, 'the ticks going on');
});

test('top lists each container\'s processes', async (t) => {
  const project = await suite.project(t, 'top', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    scale: 2
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const top = await project.berth(['top']);
  expectExit(top, 0, 'top');
  const lines = top.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^SERVICE +# +UID +PID .* CMD$/);
  const rows = lines.slice(1).map((line) => line.split(/ +/));
  assert.deepEqual(rows.map((row) => [row[0], row[1], row.at(-2), row.at(-1)]), [
    ['web', '1', 'sleep', '300'],
    ['web', '2', 'sleep', '300'],
  ]);
  const pids = rows.map((row) => Number(row[3]));
  for (const [index, pid] of pids.entries()) {
    assert.equal(pid, (await suite.inspect(`${project.name}-web-${index + 1}`)).State.Pid, 'host pids, as Docker shows them');
  }
});

test('cp copies files and directories into a container and out of it', async (t) => {
  const project = await suite.project(t, 'cp', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /data/sub && echo hello > /data/a.txt && echo deep > /data/sub/b.txt && exec sleep 300"]
    network_mode: none
    stop_signal: SIGKILL
`,
    'local/note.txt': 'from the host\n',
    'local/tree/x/y.txt': 'nested\n',
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const read = async (path: string): Promise<string> => {
    const result = await project.berth(['exec', '-T', 'web', 'sh', '-c', `until [ -e /data/sub/b.txt ]; do sleep 0.1; done; cat ${path}`]);
    expectExit(result, 0, `cat ${path}`);
    return result.stdout;
  };

  expectExit(await project.berth(['cp', 'local/note.txt', 'web:/tmp/']), 0, 'cp a file into a directory');
  assert.equal(await read('/tmp/note.txt'), 'from the host\n');
  expectExit(await project.berth(['cp', 'local/tree', 'web:/tmp/copied']), 0, 'cp a directory to a new name');
  assert.equal(await read('/tmp/copied/x/y.txt'), 'nested\n');

  await read('/data/a.txt');
  await mkdir(join(project.dir, 'out'));
  expectExit(await project.berth(['cp', 'web:/data/a.txt', 'out/renamed.txt']), 0, 'cp a file out under a new name');
  expectExit(await project.berth(['cp', 'web:/data', 'out']), 0, 'cp a directory out');
  assert.equal(await readFile(join(project.dir, 'out', 'renamed.txt'), 'utf8'), 'hello\n');
  assert.equal(await readFile(join(project.dir, 'out', 'data', 'sub', 'b.txt'), 'utf8'), 'deep\n');
  assert.deepEqual((await readdir(join(project.dir, 'out', 'data'))).sort(), ['a.txt', 'sub']);

  const missing = await project.berth(['cp', 'web:/no/such', 'out']);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /-web-1:\/no\/such does not exist/);
});

test('rm removes stopped containers only, and -s -f stops and removes running ones', async (t) => {
  const project = await suite.project(t, 'rm', {
    'compose.yaml': `
services:
  done:
    image: ${TEST_IMAGE}
    command: ["true"]
    network_mode: none
  live:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const done = `${project.name}-done-1`;
  const live = `${project.name}-live-1`;
  await eventually(async () => assert.equal((await suite.inspect(done)).State.Status, 'exited'), 15_000, `${done} exited`);

  const forced = await project.berth(['rm', '-f']);
  expectExit(forced, 0, 'rm -f');
  assert.equal(forced.stdout, `Going to remove ${done}\n`);
  assert.deepEqual([...(await suite.containersOf(project.name)).keys()], [live]);

  expectExit(await project.berth(['rm', '-s', '-f', 'live']), 0, 'rm -s -f live');
  assert.deepEqual([...(await suite.containersOf(project.name)).keys()], []);
});
