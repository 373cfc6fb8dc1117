import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectExit, nativeSuite, TEST_IMAGE } from './support.js';

const suite = nativeSuite();

const compose = `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    environment:
      FROM_FILE: "yes"
`;

test('exec -T returns the command\'s exit code, with stdout and stderr apart', async (t) => {
  const project = await suite.project(t, 'exec', { 'compose.yaml': compose });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const failing = await project.berth(['exec', '-T', 'app', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
  assert.equal(failing.exitCode, 7, failing.stderr);
  assert.equal(failing.stdout, 'out\n');
  assert.match(failing.stderr, /^err$/m);
  const noTty = await project.berth(['exec', '-T', 'app', 'tty']);
  assert.equal(noTty.exitCode, 1, 'no terminal under -T');
  assert.match(noTty.stdout, /not a tty/);
});

test('exec without -T, from a terminal, runs the command on a terminal of its own', async (t) => {
  const project = await suite.project(t, 'exectty', { 'compose.yaml': compose });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  // berth allocates a TTY only when its own stdin is one: python's pty module gives it one (no native addon needed).
  const onTerminal = await project.onTerminal(['exec', 'app', 'sh', '-c', '[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo on a terminal; exit 4']);
  if (onTerminal === undefined) {
    const reason = 'python3 is not installed (it lends berth a terminal)';
    console.log(`# skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  assert.equal(onTerminal.exitCode, 4, onTerminal.stdout + onTerminal.stderr);
  // Two terminals (berth's, the exec's) each turn \n into \r\n.
  assert.equal(onTerminal.stdout.replace(/\r/g, ''), 'on a terminal\n');
});

test('exec -e, -u and -w set the environment, the user and the working directory', async (t) => {
  const project = await suite.project(t, 'execopts', { 'compose.yaml': compose });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const env = await project.berth(['exec', '-T', '-e', 'EXTRA=1', '-w', '/tmp', 'app', 'sh', '-c', 'echo $EXTRA $FROM_FILE $(pwd)']);
  expectExit(env, 0, 'exec -e -w');
  assert.equal(env.stdout, '1 yes /tmp\n');
  const named = await project.berth(['exec', '-T', '-u', 'nobody', 'app', 'sh', '-c', 'echo $(id -u):$(id -g)']);
  expectExit(named, 0, 'exec -u nobody');
  assert.equal(named.stdout, '65534:65534\n', 'the name resolved through the image\'s /etc/passwd');
  const numeric = await project.berth(['exec', '-T', '-u', '1234:5678', 'app', 'sh', '-c', 'echo $(id -u):$(id -g)']);
  expectExit(numeric, 0, 'exec -u 1234:5678');
  assert.equal(numeric.stdout, '1234:5678\n');
});

test('run --rm -T returns the container\'s exit code and output, and leaves no container behind', async (t) => {
  const project = await suite.project(t, 'run', { 'compose.yaml': compose });
  if (project === undefined) return;
  const result = await project.berth(['run', '--rm', '-T', '-e', 'EXTRA=2', 'app', 'sh', '-c', 'echo run $EXTRA $FROM_FILE; echo oops >&2; exit 5']);
  assert.equal(result.exitCode, 5, result.stderr);
  assert.equal(result.stdout, 'run 2 yes\n');
  assert.match(result.stderr, /^oops$/m);
  assert.deepEqual([...(await suite.containersOf(project.name)).keys()], []);
});

test('run -T forwards piped stdin and its end: `echo hi | berth run --rm -T app cat` prints hi and returns', async (t) => {
  const project = await suite.project(t, 'runstdin', { 'compose.yaml': compose });
  if (project === undefined) return;
  const echoed = await project.berth(['run', '--rm', '-T', 'app', 'cat'], { stdin: 'hi\n' });
  expectExit(echoed, 0, 'cat of piped stdin');
  assert.equal(echoed.stdout, 'hi\n');
  const counted = await project.berth(['run', '--rm', '-T', 'app', 'sh', '-c', 'wc -c; exit 4'], { stdin: 'x'.repeat(99_999) + '\n' });
  assert.equal(counted.exitCode, 4, counted.stderr);
  assert.equal(counted.stdout.trim(), '100000', 'every byte arrives before the end of input');
});
