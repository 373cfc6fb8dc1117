import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { containersOf, e2eProject, expectExit, TEST_IMAGE } from './support.js';

// `$$`: a literal `$` for the shell, not interpolation.
const LOG = 'echo "$$0 user=$$(id -u) dir=$$(pwd) phase=$$PHASE caps=$$(grep CapEff /proc/self/status | cut -f2)" >> /out/hooks.log';

// `privileged` is checked in test/apply/hooks.test.ts: this host's dockerd cannot run a privileged exec at all
// ("unable to apply caps"), as root here lacks some capabilities.
test('post_start hooks run after each start and pre_stop hooks before each stop, with their user, directory and environment', async (t) => {
  const project = await e2eProject(t, 'hooks', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"]
    volumes:
      - ./out:/out
    post_start:
      - command: ["sh", "-c", '${LOG}', "post_start"]
        user: "1234"
        working_dir: /tmp
        environment:
          PHASE: started
    pre_stop:
      - command: ["sh", "-c", '${LOG}', "pre_stop"]
`,
    'out/.keep': '',
  });
  if (project === undefined) return;
  // The first hook runs as an unprivileged user, which must be able to write the log.
  await chmod(join(project.dir, 'out'), 0o777);
  const log = async (): Promise<string[]> => (await readFile(join(project.dir, 'out', 'hooks.log'), 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');

  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const [started] = await log();
  assert.match(started ?? '', /^post_start user=1234 dir=\/tmp phase=started caps=0+$/, 'post_start ran, as user 1234 (no capabilities) in /tmp');

  expectExit(await project.berth(['stop', 'web']), 0, 'stop');
  const afterStop = await log();
  assert.equal(afterStop.length, 2);
  const preStop = afterStop[1] ?? '';
  assert.match(preStop, /^pre_stop user=0 dir=\/ phase= caps=[0-9a-f]+$/, 'pre_stop ran as the container\'s user, in its directory, without post_start\'s environment');

  expectExit(await project.berth(['start', 'web']), 0, 'start');
  expectExit(await project.berth(['down']), 0, 'down');
  assert.deepEqual((await log()).map((line) => line.split(' ')[0]), ['post_start', 'pre_stop', 'post_start', 'pre_stop']);
});

test('a failing post_start hook fails the up, with its status and output', async (t) => {
  const project = await e2eProject(t, 'hookfail', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    post_start:
      - command: ["sh", "-c", "echo some progress; echo the hook broke >&2; exit 4"]
  after:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    depends_on: [app]
`,
  });
  if (project === undefined) return;
  const up = await project.berth(['up', '-d']);
  assert.equal(up.exitCode, 1, up.stderr);
  assert.match(up.stderr, /post_start hook "sh -c .*" of service app exited with status 4 in container \S+-app-1: the hook broke/);
  const after = (await containersOf(project.name)).get(`${project.name}-after-1`);
  assert.notEqual(after?.State, 'running', 'a dependent does not start after its dependency\'s hook failed');
});
