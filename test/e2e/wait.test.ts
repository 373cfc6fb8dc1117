import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

test('up --wait returns once the healthcheck passes, counting a one-shot job that exited 0 as done', async (t) => {
  const project = await e2eProject(t, 'wait', {
    'compose.yaml': `
services:
  api:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep 300"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 30
  seed:
    image: ${TEST_IMAGE}
    command: ["true"]
`,
  });
  if (project === undefined) return;
  const result = await project.berth(['up', '--wait', '--wait-timeout', '60']);
  expectExit(result, 0, 'up --wait');
  const api = await inspectContainer(`${project.name}-api-1`);
  assert.equal(api.State.Health?.Status, 'healthy');
  const seed = await inspectContainer(`${project.name}-seed-1`);
  assert.equal(seed.State.Status, 'exited');
  assert.equal(seed.State.ExitCode, 0);
});

test('up --wait fails, naming the service, when a container exits non-zero', async (t) => {
  const project = await e2eProject(t, 'waitfail', {
    'compose.yaml': `
services:
  broken:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo cannot start >&2; exit 4"]
`,
  });
  if (project === undefined) return;
  const result = await project.berth(['up', '--wait', '--wait-timeout', '60']);
  expectExit(result, 1, 'up --wait');
  assert.match(result.stderr, /broken/);
  assert.match(result.stderr, /cannot start/);
});
