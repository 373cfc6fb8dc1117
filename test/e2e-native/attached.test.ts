import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nativeSuite, TEST_IMAGE } from './support.js';

const suite = nativeSuite();

test('attached up prints prefixed output and each exit, then returns 0 when all containers are done', async (t) => {
  const project = await suite.project(t, 'attached', {
    'compose.yaml': `
services:
  quick:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo quick says hi; exit 0"]
    network_mode: none
  slow:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo slow starts; sleep 1; echo slow ends; exit 3"]
    network_mode: none
`,
  });
  if (project === undefined) return;
  const result = await project.berth(['up', '--no-color']);
  assert.equal(result.exitCode, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'Attaching to quick-1, slow-1');
  for (const line of ['quick-1  | quick says hi', 'slow-1   | slow starts', 'slow-1   | slow ends', 'quick-1 exited with code 0', 'slow-1 exited with code 3']) {
    assert.ok(lines.includes(line), `missing "${line}" in:\n${result.stdout}`);
  }
  assert.ok(lines.indexOf('slow-1   | slow ends') < lines.indexOf('slow-1 exited with code 3'), 'output comes before the exit line');
});

test('--abort-on-container-exit stops the others when one exits, and returns that exit code', async (t) => {
  const project = await suite.project(t, 'abort', {
    'compose.yaml': `
services:
  job:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo job done; exit 5"]
    network_mode: none
  server:
    image: ${TEST_IMAGE}
    # sleep as pid 1 ignores SIGTERM: the stop ends in SIGKILL after the grace period.
    command: ["sleep", "300"]
    network_mode: none
    stop_grace_period: 1s
`,
  });
  if (project === undefined) return;
  const result = await project.berth(['up', '--no-color', '--abort-on-container-exit']);
  assert.equal(result.exitCode, 5, result.stdout + result.stderr);
  assert.match(result.stdout, /^job-1 +\| job done$/m);
  assert.match(result.stdout, /Aborting on container exit\.\.\./);
  assert.match(result.stdout, /server-1 exited with code 137/);
  const server = await suite.inspect(`${project.name}-server-1`);
  assert.equal(server.State.Status, 'exited');
});

test('--exit-code-from returns the named service\'s exit code and stops the rest', async (t) => {
  const project = await suite.project(t, 'exitfrom', {
    'compose.yaml': `
services:
  tests:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo 1 failed; exit 3"]
    network_mode: none
  server:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
`,
  });
  if (project === undefined) return;
  const result = await project.berth(['up', '--no-color', '--exit-code-from', 'tests']);
  assert.equal(result.exitCode, 3, result.stdout + result.stderr);
  assert.match(result.stdout, /^tests-1 +\| 1 failed$/m);
  assert.equal((await suite.inspect(`${project.name}-server-1`)).State.Status, 'exited');
});
