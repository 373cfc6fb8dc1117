import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, expectExit, TEST_IMAGE } from './support.js';

const compose = `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
  worker:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo working; exec sleep 300"]
    depends_on: [web]
`;

test('up -d starts the containers under Compose names and labels, and ps lists them running', async (t) => {
  const project = await e2eProject(t, 'up-ps', { 'compose.yaml': compose });
  if (project === undefined) return;
  const { name } = project;

  expectExit(await project.berth(['up', '-d']), 0, 'up -d');

  const containers = await containersOf(name);
  assert.deepEqual([...containers.keys()].sort(), [`${name}-web-1`, `${name}-worker-1`]);
  const web = containers.get(`${name}-web-1`);
  assert.equal(web?.State, 'running');
  assert.equal(web?.Labels['com.docker.compose.project'], name);
  assert.equal(web?.Labels['com.docker.compose.service'], 'web');
  assert.equal(web?.Labels['com.docker.compose.container-number'], '1');
  assert.equal(web?.Labels['com.docker.compose.oneoff'], 'False');
  assert.match(web?.Labels['com.docker.compose.config-hash'] ?? '', /^[0-9a-f]{64}$/);
  assert.match(web?.Labels['com.docker.compose.image'] ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.equal(containers.get(`${name}-worker-1`)?.Labels['com.docker.compose.depends_on'], 'web:service_started:false');

  const table = await project.berth(['ps']);
  expectExit(table, 0, 'ps');
  const lines = table.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
  assert.deepEqual(lines.slice(1).map((line) => line.split(/\s+/)[0]), [`${name}-web-1`, `${name}-worker-1`]);
  assert.ok(lines.slice(1).every((line) => line.includes(' Up ')), table.stdout);
  // COMMAND as Compose prints it: quoted, cut to 20 characters with an ellipsis.
  assert.match(lines[1] ?? '', new RegExp(`^${name}-web-1\\s+\\S+\\s+"sleep 300"\\s+web\\s`));
  assert.match(lines[2] ?? '', /\s"sh -c 'echo working…"\s+worker\s/);
  const untruncated = await project.berth(['ps', '--no-trunc', 'worker']);
  assert.match(untruncated.stdout, /\s"sh -c 'echo working; exec sleep 300'"\s+worker\s/);

  const json = await project.berth(['ps', '--format', 'json']);
  const entries = JSON.parse(json.stdout) as { Name: string; Service: string; State: string; Project: string; Command: string }[];
  assert.deepEqual(
    entries.map((entry) => [entry.Name, entry.Service, entry.State, entry.Project, entry.Command]),
    [
      [`${name}-web-1`, 'web', 'running', name, 'sleep 300'],
      [`${name}-worker-1`, 'worker', 'running', name, "sh -c 'echo working; exec sleep 300'"],
    ],
  );

  assert.equal((await project.berth(['ps', '--services'])).stdout, 'web\nworker\n');
  assert.equal((await project.berth(['ps', '-q'])).stdout.trimEnd().split('\n').length, 2);
});
