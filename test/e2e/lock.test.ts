import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, eventually, expectExit, spawnBerth, TEST_IMAGE } from './support.js';

// db turns healthy after a few seconds; app waits for it, so `up` holds the project's lock meanwhile.
const slowCompose = `
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 5; touch /tmp/ready; sleep 300"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 60
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    depends_on:
      db:
        condition: service_healthy
`;

test('a second up on the same project waits for the first, saying so; another project does not wait', async (t) => {
  const project = await e2eProject(t, 'lock', { 'compose.yaml': slowCompose });
  const other = await e2eProject(t, 'lockother', { 'compose.yaml': `services:\n  solo:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "300"]\n` });
  if (project === undefined || other === undefined) return;

  const first = spawnBerth(['-p', project.name, '--progress', 'plain', 'up', '-d'], project.dir);
  // Once db exists the first berth is inside its plan, holding the lock until db is healthy.
  await eventually(async () => assert.ok((await containersOf(project.name)).has(`${project.name}-db-1`)), 15_000, 'the first up creating db');

  const unrelated = await other.berth(['up', '-d']);
  expectExit(unrelated, 0, 'up of another project');
  assert.doesNotMatch(unrelated.stderr, /waiting for another berth/);

  const second = await project.berth(['up', '-d']);
  expectExit(second, 0, 'second up');
  assert.match(second.stderr, new RegExp(`waiting for another berth \\(pid ${first.pid}\\) working on project ${project.name}`));
  const firstResult = await first.done;
  assert.equal(firstResult.exitCode, 0, firstResult.stderr);
});
