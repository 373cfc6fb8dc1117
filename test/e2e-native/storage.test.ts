import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectExit, nativeSuite, TEST_IMAGE } from './support.js';

const suite = nativeSuite();

test('a named volume keeps its data across down and up, and down -v removes it', async (t) => {
  const project = await suite.project(t, 'volume', {
    'compose.yaml': `
services:
  store:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    volumes:
      - data:/data
volumes:
  data: {}
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  expectExit(await project.berth(['exec', '-T', 'store', 'sh', '-c', 'echo kept > /data/file']), 0, 'write');
  const firstId = (await suite.inspect(`${project.name}-store-1`)).Id;

  expectExit(await project.berth(['down']), 0, 'down');
  assert.deepEqual([...(await suite.containersOf(project.name)).keys()], []);
  assert.deepEqual(await suite.volumesOf(project.name), [`${project.name}_data`]);

  expectExit(await project.berth(['up', '-d']), 0, 'up again');
  assert.notEqual((await suite.inspect(`${project.name}-store-1`)).Id, firstId, 'a new container');
  const read = await project.berth(['exec', '-T', 'store', 'cat', '/data/file']);
  expectExit(read, 0, 'read');
  assert.equal(read.stdout, 'kept\n');

  expectExit(await project.berth(['down', '-v']), 0, 'down -v');
  assert.deepEqual(await suite.volumesOf(project.name), []);
});

test('a new named volume mounted over image content starts with a copy of it; the image is untouched by writes', async (t) => {
  const project = await suite.project(t, 'copyup', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    volumes:
      - etc:/etc
  other:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
volumes:
  etc: {}
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const passwd = await project.berth(['exec', '-T', 'app', 'cat', '/etc/passwd']);
  expectExit(passwd, 0, 'read the copied /etc/passwd');
  assert.match(passwd.stdout, /^nobody:x:65534:65534:/m);
  const mount = (await suite.inspect(`${project.name}-app-1`)).Mounts.find((entry) => entry.Destination === '/etc');
  assert.equal(mount?.Type, 'volume');
  assert.equal(mount?.Name, `${project.name}_etc`);

  expectExit(await project.berth(['exec', '-T', 'app', 'sh', '-c', 'echo extra:x:1000:1000::/:/bin/sh >> /etc/passwd']), 0, 'write into the volume');
  const elsewhere = await project.berth(['exec', '-T', 'other', 'cat', '/etc/passwd']);
  assert.doesNotMatch(elsewhere.stdout, /^extra:/m, 'the write went to the volume, not the image');
});

test('a rw bind mount shares files both ways, a :ro one refuses writes, and a missing host directory is created', async (t) => {
  const project = await suite.project(t, 'bind', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    volumes:
      - ./data:/data
      - ./settings:/settings:ro
      - type: bind
        source: ./created
        target: /created
`,
    'data/from-host.txt': 'written by the host\n',
    'settings/app.conf': 'level=debug\n',
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');

  expectExit(await project.berth(['exec', '-T', 'app', 'sh', '-c', 'echo written by the container > /data/from-container.txt']), 0, 'write through the rw bind');
  assert.equal(await readFile(join(project.dir, 'data', 'from-container.txt'), 'utf8'), 'written by the container\n');
  await writeFile(join(project.dir, 'data', 'from-host.txt'), 'changed on the host\n');
  assert.equal((await project.berth(['exec', '-T', 'app', 'cat', '/data/from-host.txt'])).stdout, 'changed on the host\n', 'shared, not copied');

  const readOnly = await project.berth(['exec', '-T', 'app', 'cat', '/settings/app.conf']);
  expectExit(readOnly, 0, 'read through the ro bind');
  assert.equal(readOnly.stdout, 'level=debug\n');
  const refused = await project.berth(['exec', '-T', 'app', 'sh', '-c', 'echo nope > /settings/app.conf']);
  assert.notEqual(refused.exitCode, 0, 'writing through :ro fails');
  assert.match(refused.stderr, /Read-only file system/);
  assert.equal(await readFile(join(project.dir, 'settings', 'app.conf'), 'utf8'), 'level=debug\n');

  assert.ok((await stat(join(project.dir, 'created'))).isDirectory(), 'the missing host directory was created');
});

test('tmpfs mounts a fresh tmpfs, with its size, emptied by a restart', async (t) => {
  const project = await suite.project(t, 'tmpfs', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    tmpfs:
      - /scratch
    volumes:
      - type: tmpfs
        target: /sized
        tmpfs:
          size: 4194304
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const mounts = await project.berth(['exec', '-T', 'app', 'cat', '/proc/mounts']);
  expectExit(mounts, 0, 'read /proc/mounts');
  assert.match(mounts.stdout, /^tmpfs \/scratch tmpfs /m);
  const sized = mounts.stdout.split('\n').find((line) => line.startsWith('tmpfs /sized tmpfs ')) ?? '';
  assert.match(sized, /size=4096k/, mounts.stdout);

  expectExit(await project.berth(['exec', '-T', 'app', 'touch', '/scratch/file']), 0, 'write into the tmpfs');
  expectExit(await project.berth(['restart', 'app']), 0, 'restart');
  const after = await project.berth(['exec', '-T', 'app', 'ls', '-A', '/scratch']);
  expectExit(after, 0, 'list the tmpfs after the restart');
  assert.equal(after.stdout, '');
});
