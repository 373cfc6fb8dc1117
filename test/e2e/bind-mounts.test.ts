import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { e2eProject, expectExit, TEST_IMAGE } from './support.js';

test('a rw bind mount shares files both ways, a :ro one refuses writes, and a missing host directory is created', async (t) => {
  const project = await e2eProject(t, 'bind', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
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

  const fromHost = await project.berth(['exec', '-T', 'app', 'cat', '/data/from-host.txt']);
  expectExit(fromHost, 0, 'read the host file');
  assert.equal(fromHost.stdout, 'written by the host\n');
  // A host change after start is seen: the directory is shared, not copied.
  await writeFile(join(project.dir, 'data', 'from-host.txt'), 'changed on the host\n');
  assert.equal((await project.berth(['exec', '-T', 'app', 'cat', '/data/from-host.txt'])).stdout, 'changed on the host\n');

  const readOnly = await project.berth(['exec', '-T', 'app', 'cat', '/settings/app.conf']);
  expectExit(readOnly, 0, 'read through the ro bind');
  assert.equal(readOnly.stdout, 'level=debug\n');
  const refused = await project.berth(['exec', '-T', 'app', 'sh', '-c', 'echo nope > /settings/app.conf']);
  assert.notEqual(refused.exitCode, 0, 'writing through :ro fails');
  assert.match(refused.stderr, /Read-only file system/);
  assert.equal(await readFile(join(project.dir, 'settings', 'app.conf'), 'utf8'), 'level=debug\n', 'the host file is untouched');

  assert.ok((await stat(join(project.dir, 'created'))).isDirectory(), 'the missing host directory was created');
});
