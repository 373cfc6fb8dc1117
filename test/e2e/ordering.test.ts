import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

test('a service starts only after its service_healthy dependency is healthy and its service_completed_successfully dependency exited 0', async (t) => {
  const project = await e2eProject(t, 'order', {
    'compose.yaml': `
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; sleep 300"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 60
  migrate:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; exit 0"]
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const db = await inspectContainer(`${project.name}-db-1`);
  const migrate = await inspectContainer(`${project.name}-migrate-1`);
  const app = await inspectContainer(`${project.name}-app-1`);
  const healthyAt = (db.State.Health?.Log ?? []).filter((entry) => entry.ExitCode === 0).map((entry) => Date.parse(entry.End))[0];
  assert.ok(healthyAt !== undefined, 'db became healthy');
  const appStarted = Date.parse(app.State.StartedAt);
  assert.ok(appStarted >= healthyAt, `app started ${appStarted - healthyAt} ms before db was healthy`);
  assert.equal(migrate.State.ExitCode, 0);
  assert.ok(appStarted >= Date.parse(migrate.State.FinishedAt), 'app started after migrate finished');
  assert.equal(app.State.Status, 'running');
});

test('up fails, and does not start the dependent, when a service_completed_successfully dependency fails', async (t) => {
  const project = await e2eProject(t, 'orderfail', {
    'compose.yaml': `
services:
  migrate:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "exit 3"]
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    depends_on:
      migrate:
        condition: service_completed_successfully
`,
  });
  if (project === undefined) return;
  const result = await project.berth(['up', '-d']);
  expectExit(result, 1, 'up -d');
  assert.match(result.stderr, /migrate/);
  const app = await inspectContainer(`${project.name}-app-1`);
  assert.equal(app.State.Status, 'created');
});
