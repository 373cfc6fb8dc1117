import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, expectExit, nativeSuite, TEST_IMAGE } from './support.js';

const suite = nativeSuite();

test('logs prefixes each line with its container, padded like Compose, keeping stderr apart', async (t) => {
  const project = await suite.project(t, 'logs', {
    'compose.yaml': `
services:
  alpha:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo alpha one; echo alpha two"]
    network_mode: none
  betagamma:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo beta one; echo beta err >&2"]
    network_mode: none
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const result = await eventually(async () => {
    const logs = await project.berth(['logs', '--no-color']);
    expectExit(logs, 0, 'logs');
    assert.match(logs.stdout, /alpha two/);
    assert.match(logs.stdout, /beta one/);
    assert.match(logs.stderr, /beta err/);
    return logs;
  }, 15_000, 'all lines logged');
  const lines = result.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.filter((line) => line.startsWith('alpha-1')), ['alpha-1      | alpha one', 'alpha-1      | alpha two']);
  assert.deepEqual(lines.filter((line) => line.startsWith('betagamma-1')), ['betagamma-1  | beta one']);
  assert.deepEqual(result.stderr.split('\n').filter((line) => line.includes('beta err')), ['betagamma-1  | beta err']);
  assert.equal((await project.berth(['logs', '--no-log-prefix', 'alpha'])).stdout, 'alpha one\nalpha two\n');
});

test('logs -f follows new lines and returns once the containers stop', async (t) => {
  const project = await suite.project(t, 'follow', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo first; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo last"]
    network_mode: none
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const following = project.spawn(['logs', '-f', '--no-color']);
  await eventually(() => assert.match(following.stdout(), /app-1  \| first\n/), 15_000, 'the first line followed');
  expectExit(await project.berth(['exec', '-T', 'app', 'touch', '/tmp/go']), 0, 'let the container finish');
  const result = await following.done;
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'app-1  | first\napp-1  | last\n');
});

test('logs --tail keeps the last lines, and -t stamps each with its time', async (t) => {
  const project = await suite.project(t, 'tail', {
    'compose.yaml': `
services:
  counter:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "for i in 1 2 3 4 5; do echo line $$i; done"]
    network_mode: none
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  await eventually(async () => assert.equal((await suite.inspect(`${project.name}-counter-1`)).State.Status, 'exited'), 15_000, 'counter done');

  const tail = await project.berth(['logs', '--no-log-prefix', '--tail', '2', 'counter']);
  expectExit(tail, 0, 'logs --tail 2');
  assert.equal(tail.stdout, 'line 4\nline 5\n');

  const stamped = await project.berth(['logs', '-t', '--tail', '1', 'counter']);
  expectExit(stamped, 0, 'logs -t');
  assert.match(stamped.stdout, /^counter-1  \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line 5\n$/);
  const stampedTime = Date.parse(stamped.stdout.split(' ')[3] ?? '');
  const finishedAt = Date.parse((await suite.inspect(`${project.name}-counter-1`)).State.FinishedAt);
  assert.ok(Math.abs(finishedAt - stampedTime) < 5_000, 'the stamp is when the line was written');
});
