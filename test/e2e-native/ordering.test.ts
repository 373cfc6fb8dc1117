import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectExit, freePort, nativeSuite, TEST_IMAGE } from './support.js';

const suite = nativeSuite();

test('depends_on waits for service_healthy (probed every start_interval) and service_completed_successfully, and the dependent reaches its dependency on the host network', async (t) => {
  const port = await freePort();
  const project = await suite.project(t, 'order', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo served > /www/index.html && sleep 1 && exec httpd -f -p 127.0.0.1:${port} -h /www"]
    network_mode: host
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:${port}/"]
      # Healthy only through start_interval: a probe every 30 s would outlast the bound on up below.
      interval: 30s
      start_period: 60s
      start_interval: 200ms
  migrate:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; exit 0"]
    network_mode: none
  client:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "wget -q -O- http://127.0.0.1:${port}/ && exec sleep 300"]
    network_mode: host
    stop_signal: SIGKILL
    depends_on:
      web:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
`,
  });
  if (project === undefined) return;
  const up = await project.berth(['up', '-d'], { timeoutMs: 20_000 });
  expectExit(up, 0, 'up -d');

  const web = await suite.inspect(`${project.name}-web-1`);
  const migrate = await suite.inspect(`${project.name}-migrate-1`);
  const client = await suite.inspect(`${project.name}-client-1`);
  assert.equal(web.State.Health?.Status, 'healthy');
  const healthyAt = (web.State.Health?.Log ?? []).filter((entry) => entry.ExitCode === 0).map((entry) => Date.parse(entry.End))[0];
  assert.ok(healthyAt !== undefined, 'web became healthy');
  assert.ok(healthyAt - Date.parse(web.State.StartedAt) < 10_000, 'healthy within seconds: start_interval, not interval, paced the probes');
  const clientStarted = Date.parse(client.State.StartedAt);
  assert.ok(clientStarted >= healthyAt, `client started ${healthyAt - clientStarted} ms before web was healthy`);
  assert.equal(migrate.State.Status, 'exited');
  assert.equal(migrate.State.ExitCode, 0);
  assert.ok(clientStarted >= Date.parse(migrate.State.FinishedAt), 'client started after migrate finished');

  assert.equal(client.State.Status, 'running', 'client fetched the page from web over 127.0.0.1');
  const logs = await project.berth(['logs', '--no-log-prefix', 'client']);
  assert.equal(logs.stdout, 'served\n');
});

test('up fails, and leaves the dependent created, when a service_completed_successfully job fails', async (t) => {
  const project = await suite.project(t, 'orderfail', {
    'compose.yaml': `
services:
  migrate:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "exit 3"]
    network_mode: none
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    depends_on:
      migrate:
        condition: service_completed_successfully
`,
  });
  if (project === undefined) return;
  const result = await project.berth(['up', '-d']);
  expectExit(result, 1, 'up -d');
  assert.match(result.stderr, /migrate/);
  assert.equal((await suite.inspect(`${project.name}-app-1`)).State.Status, 'created');
});

test('up --wait returns once the healthcheck passes, counting a one-shot job that exited 0 as done', async (t) => {
  const project = await suite.project(t, 'wait', {
    'compose.yaml': `
services:
  api:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 300"]
    network_mode: none
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 30s
      start_period: 60s
      start_interval: 200ms
  seed:
    image: ${TEST_IMAGE}
    command: ["true"]
    network_mode: none
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '--wait', '--wait-timeout', '20']), 0, 'up --wait');
  assert.equal((await suite.inspect(`${project.name}-api-1`)).State.Health?.Status, 'healthy');
  const seed = await suite.inspect(`${project.name}-seed-1`);
  assert.equal(seed.State.Status, 'exited');
  assert.equal(seed.State.ExitCode, 0);
});

test('up --wait exits 1, naming the service, when its container turns unhealthy', async (t) => {
  const project = await suite.project(t, 'waitsick', {
    'compose.yaml': `
services:
  sick:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD-SHELL", "echo not ready; exit 1"]
      interval: 200ms
      retries: 2
`,
  });
  if (project === undefined) return;
  const result = await project.berth(['up', '--wait', '--wait-timeout', '20']);
  expectExit(result, 1, 'up --wait');
  assert.match(result.stderr, /sick/);
  assert.ok(result.elapsedMs < 15_000, `failed on unhealthy, not on the wait timeout (${result.elapsedMs} ms)`);
  assert.equal((await suite.inspect(`${project.name}-sick-1`)).State.Health?.Status, 'unhealthy');
});
