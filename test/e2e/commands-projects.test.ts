import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { berth } from '../helpers/cli.js';
import { dockerHost } from '../helpers/docker.js';
import { e2eProject, eventually, expectExit, spawnBerth, TEST_IMAGE } from './support.js';

test('ls lists projects from container labels alone, and events streams the project\'s container events as NDJSON', async (t) => {
  const project = await e2eProject(t, 'projects', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  job:
    image: ${TEST_IMAGE}
    command: ["true"]
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  // From the parent directory: no compose file, only labels.
  const elsewhere = (args: readonly string[]) => berth(['--progress', 'plain', ...args], { cwd: dirname(project.dir), env: { DOCKER_HOST: dockerHost() } });
  const configFile = `${project.dir}/compose.yaml`;

  const running = await eventually(async () => {
    const listed = JSON.parse((await elsewhere(['ls', '--format', 'json', '--filter', `name=${project.name}`])).stdout) as unknown;
    assert.deepEqual(listed, [{ Name: project.name, Status: 'running(1)', ConfigFiles: configFile }]);
    return listed;
  }, 10_000, 'the job has exited');
  assert.ok(running);
  const all = JSON.parse((await elsewhere(['ls', '-a', '--format', 'json', '--filter', `name=^${project.name}$`])).stdout) as unknown;
  assert.deepEqual(all, [{ Name: project.name, Status: 'exited(1), running(1)', ConfigFiles: configFile }]);
  assert.equal((await elsewhere(['ls', '-q', '--filter', `name=${project.name}`])).stdout, `${project.name}\n`);
  const table = (await elsewhere(['ls', '--filter', `name=${project.name}`])).stdout;
  assert.equal(table, `NAME${' '.repeat(Math.max(20, project.name.length + 3) - 4)}STATUS              CONFIG FILES\n${project.name.padEnd(Math.max(20, project.name.length + 3))}running(1)          ${configFile}\n`);
  const badFilter = await elsewhere(['ls', '--filter', 'status=running']);
  assert.equal(badFilter.exitCode, 1);
  assert.match(badFilter.stderr, /invalid filter 'status=running'/);

  const events = spawnBerth(['-p', project.name, 'events', '--json', 'web'], dirname(project.dir));
  t.after(() => events.signal('SIGKILL'));
  // The stream is open once a restart's events arrive; restart until they do (the first may come before it connects).
  const lines = await eventually(async () => {
    expectExit(await project.berth(['restart', 'web']), 0, 'restart');
    const parsed = events.stdout().trim().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { type: string; service: string; id: string; action: string; attributes: Record<string, string>; time: string });
    assert.ok(parsed.some((event) => event.action === 'start'), events.stdout());
    return parsed;
  }, 20_000, 'events of the restart');
  const start = lines.find((event) => event.action === 'start');
  assert.equal(start?.type, 'container');
  assert.equal(start?.service, 'web');
  assert.equal(start?.attributes['name'], `${project.name}-web-1`);
  assert.match(start?.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(lines.filter((event) => event.service !== 'web').length, 0);
  assert.equal(Object.keys(start?.attributes ?? {}).some((key) => key.startsWith('com.docker.compose.')), false);
  events.signal('SIGINT');
  const ended = await events.done;
  assert.equal(ended.exitCode, 130);
});
