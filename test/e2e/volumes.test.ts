import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, expectExit, volumesOf, TEST_IMAGE } from './support.js';

test('a named volume keeps its data across down, and down -v removes it', async (t) => {
  const project = await e2eProject(t, 'volume', {
    'compose.yaml': `
services:
  store:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    volumes:
      - data:/data
volumes:
  data: {}
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  expectExit(await project.berth(['exec', '-T', 'store', 'sh', '-c', 'echo kept > /data/file']), 0, 'write');

  expectExit(await project.berth(['down']), 0, 'down');
  assert.deepEqual(await volumesOf(project.name), [`${project.name}_data`]);

  expectExit(await project.berth(['up', '-d']), 0, 'up again');
  const read = await project.berth(['exec', '-T', 'store', 'cat', '/data/file']);
  expectExit(read, 0, 'read');
  assert.equal(read.stdout, 'kept\n');

  expectExit(await project.berth(['down', '-v']), 0, 'down -v');
  assert.deepEqual(await volumesOf(project.name), []);
});
