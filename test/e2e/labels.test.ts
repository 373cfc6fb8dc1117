import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { berth } from '../helpers/cli.js';
import { dockerHost } from '../helpers/docker.js';
import { containersOf, e2eProject, expectExit, networksOf, TEST_IMAGE } from './support.js';

test('ps, logs, stop, start and down work without the compose file, from the labels', async (t) => {
  const project = await e2eProject(t, 'labels', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo web up; sleep 300"]
    stop_grace_period: 1s
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_grace_period: 1s
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  // The fixture's parent has no compose file.
  const elsewhere = (args: readonly string[]) =>
    berth(['-p', project.name, '--progress', 'plain', ...args], { cwd: dirname(project.dir), env: { DOCKER_HOST: dockerHost() }, timeoutMs: 60_000 });

  const services = await elsewhere(['ps', '--services']);
  expectExit(services, 0, 'ps');
  assert.equal(services.stdout, 'db\nweb\n');

  const logs = await elsewhere(['logs', '--no-color', 'web']);
  expectExit(logs, 0, 'logs');
  assert.equal(logs.stdout, 'web-1  | web up\n');

  expectExit(await elsewhere(['stop', 'web']), 0, 'stop');
  assert.equal((await containersOf(project.name)).get(`${project.name}-web-1`)?.State, 'exited');
  expectExit(await elsewhere(['start']), 0, 'start');
  assert.equal((await containersOf(project.name)).get(`${project.name}-web-1`)?.State, 'running');

  const down = await elsewhere(['down']);
  expectExit(down, 0, 'down');
  assert.deepEqual([...(await containersOf(project.name)).keys()], []);
  assert.deepEqual(await networksOf(project.name), []);
});
