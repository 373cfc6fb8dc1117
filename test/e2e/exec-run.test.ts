import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, expectExit, TEST_IMAGE } from './support.js';

const compose = `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    environment:
      FROM_FILE: yes
`;

describe('exit codes', () => {
  test('exec returns the command\'s exit code and output', async (t) => {
    const project = await e2eProject(t, 'exec', { 'compose.yaml': compose });
    if (project === undefined) return;
    expectExit(await project.berth(['up', '-d']), 0, 'up -d');
    const failing = await project.berth(['exec', '-T', 'app', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
    assert.equal(failing.exitCode, 7);
    assert.equal(failing.stdout, 'out\n');
    assert.match(failing.stderr, /^err$/m);
    const env = await project.berth(['exec', '-T', '-e', 'EXTRA=1', '-w', '/tmp', 'app', 'sh', '-c', 'echo $EXTRA $FROM_FILE $(pwd)']);
    expectExit(env, 0, 'exec -e -w');
    assert.equal(env.stdout, '1 yes /tmp\n');
  });

  test('run returns the container\'s exit code, and --rm leaves no container behind', async (t) => {
    const project = await e2eProject(t, 'run', { 'compose.yaml': compose });
    if (project === undefined) return;
    const result = await project.berth(['run', '--rm', '-T', '-e', 'EXTRA=2', 'app', 'sh', '-c', 'echo run $EXTRA $FROM_FILE; exit 5']);
    assert.equal(result.exitCode, 5, result.stderr);
    assert.equal(result.stdout, 'run 2 yes\n');
    const left = [...(await containersOf(project.name)).values()].filter((container) => container.Labels['com.docker.compose.oneoff'] === 'True');
    assert.deepEqual(left, []);
  });

  test('run without --rm keeps the one-off under Compose\'s name and labels', async (t) => {
    const project = await e2eProject(t, 'runkeep', { 'compose.yaml': compose });
    if (project === undefined) return;
    expectExit(await project.berth(['run', '-T', 'app', 'true']), 0, 'run');
    const oneOffs = [...(await containersOf(project.name))].filter(([, container]) => container.Labels['com.docker.compose.oneoff'] === 'True');
    assert.equal(oneOffs.length, 1);
    const [name = '', container] = oneOffs[0] ?? [];
    assert.match(name, new RegExp(`^${project.name}-app-run-[0-9a-f]{12}$`));
    assert.match(container?.Labels['com.docker.compose.slug'] ?? '', /^[0-9a-f]{64}$/);
  });
  test('run forwards piped stdin and its end: `echo hi | berth run --rm -T app cat` prints hi and returns', async (t) => {
    const project = await e2eProject(t, 'runstdin', { 'compose.yaml': compose });
    if (project === undefined) return;
    const echoed = await project.berth(['run', '--rm', '-T', 'app', 'cat'], { stdin: 'hi\n', timeoutMs: 30_000 });
    expectExit(echoed, 0, 'cat of piped stdin');
    assert.equal(echoed.stdout, 'hi\n');
    // Every byte of a larger input arrives before the end of input does.
    const input = 'x'.repeat(199_999) + '\n';
    const counted = await project.berth(['run', '--rm', '-T', 'app', 'sh', '-c', 'wc -c; exit 4'], { stdin: input, timeoutMs: 30_000 });
    assert.equal(counted.exitCode, 4, counted.stderr);
    assert.equal(counted.stdout.trim(), '200000');
  });
});
