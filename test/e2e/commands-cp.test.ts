import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { e2eProject, expectExit, TEST_IMAGE } from './support.js';

test('cp copies files and directories both ways with docker cp\'s path rules, into every replica or the --index one', async (t) => {
  const project = await e2eProject(t, 'cp', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /data/sub && echo hello > /data/a.txt && echo deep > /data/sub/b.txt && sleep 300"]
    stop_signal: SIGKILL
    scale: 2
`,
    'local/note.txt': 'from the host\n',
    'local/tree/x/y.txt': 'nested\n',
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const read = async (index: number, path: string): Promise<string> => {
    const result = await project.berth(['exec', '-T', '--index', String(index), 'web', 'sh', '-c', `until [ -e /data/sub/b.txt ]; do sleep 0.1; done; cat ${path}`]);
    expectExit(result, 0, `cat ${path} in web-${index}`);
    return result.stdout;
  };
  await read(1, '/data/a.txt');

  expectExit(await project.berth(['cp', 'local/note.txt', 'web:/tmp/']), 0, 'cp file into a directory');
  assert.equal(await read(1, '/tmp/note.txt'), 'from the host\n');
  assert.equal(await read(2, '/tmp/note.txt'), 'from the host\n');
  expectExit(await project.berth(['cp', '--index', '2', 'local/tree', 'web:/tmp/copied']), 0, 'cp dir to a new name in replica 2');
  assert.equal(await read(2, '/tmp/copied/x/y.txt'), 'nested\n');
  const absent = await project.berth(['exec', '-T', '--index', '1', 'web', 'ls', '/tmp/copied']);
  assert.notEqual(absent.exitCode, 0, 'replica 1 got nothing');

  await mkdir(join(project.dir, 'out'));
  expectExit(await project.berth(['cp', 'web:/data/a.txt', 'out/renamed.txt']), 0, 'cp file out under a new name');
  expectExit(await project.berth(['cp', 'web:/data', 'out']), 0, 'cp dir into a directory');
  expectExit(await project.berth(['cp', 'web:/data/.', 'out/contents']), 0, 'cp a directory\'s contents');
  assert.equal(await readFile(join(project.dir, 'out', 'renamed.txt'), 'utf8'), 'hello\n');
  assert.equal(await readFile(join(project.dir, 'out', 'data', 'sub', 'b.txt'), 'utf8'), 'deep\n');
  assert.deepEqual((await readdir(join(project.dir, 'out', 'contents'))).sort(), ['a.txt', 'sub']);

  const missing = await project.berth(['cp', 'web:/no/such', 'out']);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /-web-1:\/no\/such does not exist/);
  const twoServices = await project.berth(['cp', 'web:/a', 'web:/b']);
  assert.match(twoServices.stderr, /not between two services/);

  // -a is Docker's copyUIDGID: for a container without a user, the files keep the owners the archive records.
  expectExit(await project.berth(['cp', '-a', 'local/note.txt', 'web:/tmp/kept.txt']), 0, 'cp -a');
  assert.equal(await read(1, '/tmp/kept.txt'), 'from the host\n');
});
