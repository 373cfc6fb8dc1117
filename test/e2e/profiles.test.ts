import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, expectExit, TEST_IMAGE } from './support.js';

test('services of a profile start only when the profile is enabled, and are not orphans otherwise', async (t) => {
  const project = await e2eProject(t, 'profiles', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
  debug:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    profiles: [tools]
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up without the profile');
  assert.deepEqual([...(await containersOf(project.name)).keys()], [`${project.name}-app-1`]);

  expectExit(await project.berth(['--profile', 'tools', 'up', '-d']), 0, 'up with the profile');
  assert.deepEqual([...(await containersOf(project.name)).keys()].sort(), [`${project.name}-app-1`, `${project.name}-debug-1`]);

  const without = await project.berth(['up', '-d', '--remove-orphans']);
  expectExit(without, 0, 'up without the profile again');
  assert.ok((await containersOf(project.name)).has(`${project.name}-debug-1`), 'a disabled profile\'s container is not an orphan');
});
