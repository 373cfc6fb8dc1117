import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, engineGet, eventually, expectExit, TEST_IMAGE } from './support.js';

test('rm removes only stopped containers, asks first unless -f, and -s stops them first', async (t) => {
  const project = await e2eProject(t, 'rm', {
    'compose.yaml': `
services:
  done:
    image: ${TEST_IMAGE}
    command: ["true"]
    volumes: ["/scratch"]
  live:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const done = `${project.name}-done-1`;
  const live = `${project.name}-live-1`;
  const volume = await eventually(
    async () => {
      const info = await engineGet<{ State: { Status: string }; Mounts: { Name?: string }[] }>(`/containers/${done}/json`);
      assert.equal(info.State.Status, 'exited');
      return info.Mounts[0]?.Name ?? '';
    },
    20_000,
    `${done} exited`,
  );

  const declined = await project.berth(['rm'], { stdin: 'n\n' });
  expectExit(declined, 0, 'rm answered no');
  assert.equal(declined.stdout, `Going to remove ${done}? [y/N] `);
  assert.deepEqual([...(await containersOf(project.name)).keys()].sort(), [done, live]);

  const forced = await project.berth(['rm', '-f', '-v']);
  expectExit(forced, 0, 'rm -f -v');
  assert.equal(forced.stdout, `Going to remove ${done}\n`);
  assert.deepEqual([...(await containersOf(project.name)).keys()], [live]);
  await assert.rejects(engineGet(`/volumes/${volume}`), /404/, 'the anonymous volume went with -v');

  const stopped = await project.berth(['rm', '-s', '-f', 'live']);
  expectExit(stopped, 0, 'rm -s -f live');
  assert.deepEqual([...(await containersOf(project.name)).keys()], []);
  const nothing = await project.berth(['rm', '-f']);
  assert.match(nothing.stderr, /^No stopped containers$/m);
});

test('top, port and images describe the running containers the way Compose prints them', async (t) => {
  const project = await e2eProject(t, 'views', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["httpd", "-f", "-p", "80"]
    ports: ["127.0.0.1::80", "127.0.0.1::53/udp"]
    scale: 2
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const containers = await containersOf(project.name);
  const second = containers.get(`${project.name}-web-2`);
  const published = second?.Ports.find((binding) => binding.PrivatePort === 53 && binding.Type === 'udp')?.PublicPort;

  const port = await project.berth(['port', '--index', '2', '--protocol', 'udp', 'web', '53']);
  expectExit(port, 0, 'port');
  assert.equal(port.stdout, `127.0.0.1:${published}\n`);
  const missing = await project.berth(['port', 'web', '8080']);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /no port 8080\/tcp for container .*-web-1: it has /);

  const top = await project.berth(['top']);
  expectExit(top, 0, 'top');
  const lines = top.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^SERVICE +# +UID +PID .* CMD$/);
  assert.deepEqual(lines.slice(1).map((line) => [line.split(/ +/)[0], line.split(/ +/)[1], line.replace(/.*\s{2}/, '')]), [
    ['web', '1', 'httpd -f -p 80'],
    ['web', '2', 'httpd -f -p 80'],
  ]);

  const image = await engineGet<{ Id: string }>(`/images/${encodeURIComponent(TEST_IMAGE)}/json`);
  const quiet = await project.berth(['images', '-q']);
  assert.equal(quiet.stdout, `${image.Id.replace('sha256:', '')}\n`);
  const json = JSON.parse((await project.berth(['images', '--format', 'json'])).stdout) as { ContainerName: string; Repository: string; Tag: string; ID: string }[];
  assert.deepEqual(
    json.map((entry) => [entry.ContainerName, entry.Repository, entry.Tag, entry.ID]),
    [1, 2].map((number) => [`${project.name}-web-${number}`, 'berth-test/busybox', 'latest', image.Id]),
  );
  const table = (await project.berth(['images'])).stdout.split('\n');
  assert.match(table[1] ?? '', new RegExp(`^${project.name}-web-1 +berth-test/busybox +latest +linux/\\w+ +${image.Id.slice(7, 19)} +[\\d.]+[kM]?B +`));
});
