import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, expectExit, TEST_IMAGE } from './support.js';

async function running(projectName: string): Promise<Map<string, string>> {
  const containers = await containersOf(projectName);
  return new Map([...containers].filter(([, container]) => container.State === 'running').map(([name, container]) => [name, container.Id]));
}

test('deploy.replicas sets the count; --scale adds and removes the highest-numbered replicas, keeping the others', async (t) => {
  const project = await e2eProject(t, 'scale', {
    'compose.yaml': `
services:
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
  replicated:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    deploy:
      replicas: 2
`,
  });
  if (project === undefined) return;
  const name = (service: string, index: number): string => `${project.name}-${service}-${index}`;

  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const first = await running(project.name);
  assert.deepEqual([...first.keys()].sort(), [name('replicated', 1), name('replicated', 2), name('worker', 1)]);

  expectExit(await project.berth(['up', '-d', '--scale', 'worker=3']), 0, 'scale up');
  const up = await running(project.name);
  assert.deepEqual([...up.keys()].sort(), [name('replicated', 1), name('replicated', 2), name('worker', 1), name('worker', 2), name('worker', 3)]);
  assert.equal(up.get(name('worker', 1)), first.get(name('worker', 1)), 'worker-1 is kept, not recreated');
  assert.equal(up.get(name('replicated', 2)), first.get(name('replicated', 2)));

  expectExit(await project.berth(['up', '-d', '--scale', 'worker=1', '--scale', 'replicated=1']), 0, 'scale down');
  const down = await running(project.name);
  assert.deepEqual([...down.keys()].sort(), [name('replicated', 1), name('worker', 1)]);
  assert.equal(down.get(name('worker', 1)), first.get(name('worker', 1)));
  assert.equal((await containersOf(project.name)).size, 2, 'the removed replicas are gone, not just stopped');
});
