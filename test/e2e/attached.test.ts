import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, eventually, inspectContainer, spawnBerth, TEST_IMAGE } from './support.js';

const compose = `
services:
  quick:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo quick says hi; exit 0"]
  slow:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo slow starts; sleep 2; echo slow ends; exit 3"]
`;

describe('attached up', () => {
  test('prints prefixed output from the very first line and each exit, then returns 0 when all are done', async (t) => {
    const project = await e2eProject(t, 'attached', { 'compose.yaml': compose });
    if (project === undefined) return;
    const result = await project.berth(['up', '--no-color']);
    assert.equal(result.exitCode, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'Attaching to quick-1, slow-1');
    assert.ok(lines.includes('quick-1  | quick says hi'), result.stdout);
    assert.ok(lines.includes('slow-1   | slow starts'), result.stdout);
    assert.ok(lines.includes('slow-1   | slow ends'), result.stdout);
    assert.ok(lines.includes('quick-1 exited with code 0'), result.stdout);
    assert.ok(lines.includes('slow-1 exited with code 3'), result.stdout);
    assert.ok(lines.indexOf('slow-1   | slow ends') < lines.indexOf('slow-1 exited with code 3'), 'output comes before the exit line');
  });

  test('--exit-code-from returns that service\'s exit code', async (t) => {
    const project = await e2eProject(t, 'exitfrom', { 'compose.yaml': compose });
    if (project === undefined) return;
    const result = await project.berth(['up', '--no-color', '--exit-code-from', 'slow']);
    assert.equal(result.exitCode, 3, result.stdout + result.stderr);
  });

  test('--abort-on-container-failure stops the rest when one fails', async (t) => {
    const project = await e2eProject(t, 'abortfail', {
      'compose.yaml': `
services:
  fails:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; exit 9"]
  server:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_grace_period: 1s
`,
    });
    if (project === undefined) return;
    const result = await project.berth(['up', '--no-color', '--abort-on-container-failure']);
    assert.equal(result.exitCode, 9, result.stdout + result.stderr);
    assert.match(result.stdout, /Aborting on container exit\.\.\./);
    assert.match(result.stdout, /server-1 exited with code 137/);
  });

  test('the first Ctrl-C stops the services gracefully and exits 130', async (t) => {
    const project = await e2eProject(t, 'ctrlc', {
      'compose.yaml': `
services:
  polite:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'echo stopping politely; exit 0' TERM; echo ready; while true; do sleep 0.1; done"]
`,
    });
    if (project === undefined) return;
    const running = spawnBerth(['-p', project.name, '--progress', 'plain', 'up', '--no-color'], project.dir);
    await eventually(() => assert.match(running.stdout(), /polite-1  \| ready/), 15_000, 'the container running');
    running.signal('SIGINT');
    const result = await running.done;
    assert.equal(result.exitCode, 130, result.stderr);
    assert.match(result.stderr, /Gracefully stopping\.\.\. \(press Ctrl\+C again to force\)/);
    assert.match(result.stdout, /polite-1  \| stopping politely/);
    const state = await inspectContainer(`${project.name}-polite-1`);
    assert.equal(state.State.Status, 'exited');
    assert.equal(state.State.ExitCode, 0);
  });

  test('a second Ctrl-C kills what is still stopping', async (t) => {
    const project = await e2eProject(t, 'ctrlc2', {
      'compose.yaml': `
services:
  stubborn:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done"]
    stop_grace_period: 60s
`,
    });
    if (project === undefined) return;
    const running = spawnBerth(['-p', project.name, '--progress', 'plain', 'up', '--no-color'], project.dir);
    await eventually(() => assert.match(running.stdout(), /stubborn-1  \| ready/), 15_000, 'the container running');
    running.signal('SIGINT');
    await eventually(() => assert.match(running.stderr(), /Container \S+stubborn-1  Stopping/), 15_000, 'the graceful stop under way');
    running.signal('SIGINT');
    const result = await running.done;
    assert.equal(result.exitCode, 130, result.stderr);
    const container = (await containersOf(project.name)).get(`${project.name}-stubborn-1`);
    assert.equal(container?.State, 'exited');
    assert.equal((await inspectContainer(`${project.name}-stubborn-1`)).State.ExitCode, 137);
  });

  test('follows a container across the restarts of its restart policy', async (t) => {
    const project = await e2eProject(t, 'restarts', {
      'compose.yaml': `
services:
  flaky:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo attempt; exit 1"]
    restart: on-failure:2
`,
    });
    if (project === undefined) return;
    const result = await project.berth(['up', '--no-color'], { timeoutMs: 60_000 });
    assert.equal(result.exitCode, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.filter((line) => line === 'flaky-1  | attempt').length, 3, result.stdout);
    assert.equal(lines.filter((line) => line === 'flaky-1 exited with code 1 (restarting)').length, 2, result.stdout);
    assert.equal(lines.at(-1), 'flaky-1 exited with code 1');
  });
});
