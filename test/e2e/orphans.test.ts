import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, expectExit, TEST_IMAGE } from './support.js';

const service = (name: string): string => `
  ${name}:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]`;

test('a service removed from the file is an orphan: warned about, kept, and removed with --remove-orphans', async (t) => {
  const project = await e2eProject(t, 'orphans', { 'compose.yaml': `services:${service('keep')}${service('gone')}\n` });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'first up');
  await project.write('compose.yaml', `services:${service('keep')}\n`);

  const warned = await project.berth(['up', '-d']);
  expectExit(warned, 0, 'up with an orphan');
  assert.match(warned.stderr, new RegExp(`${project.name}-gone-1`));
  assert.ok((await containersOf(project.name)).has(`${project.name}-gone-1`), 'the orphan is left alone');

  expectExit(await project.berth(['up', '-d', '--remove-orphans']), 0, 'up --remove-orphans');
  assert.deepEqual([...(await containersOf(project.name)).keys()], [`${project.name}-keep-1`]);
});
