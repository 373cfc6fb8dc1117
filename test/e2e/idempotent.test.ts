import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

const compose = (greeting: string): string => `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    environment:
      GREETING: ${greeting}
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
`;

async function ids(projectName: string): Promise<Record<string, string>> {
  return Object.fromEntries([...(await containersOf(projectName))].map(([name, container]) => [name, container.Id]));
}

describe('up is idempotent', () => {
  test('a second up -d recreates nothing', async (t) => {
    const project = await e2eProject(t, 'idem', { 'compose.yaml': compose('hello') });
    if (project === undefined) return;
    expectExit(await project.berth(['up', '-d']), 0, 'first up');
    const before = await ids(project.name);
    const second = await project.berth(['up', '-d']);
    expectExit(second, 0, 'second up');
    assert.deepEqual(await ids(project.name), before);
    assert.doesNotMatch(second.stderr, /Recreate|Creating|Starting/);
  });

  test('changing one environment variable recreates only that service', async (t) => {
    const project = await e2eProject(t, 'envchange', { 'compose.yaml': compose('hello') });
    if (project === undefined) return;
    expectExit(await project.berth(['up', '-d']), 0, 'first up');
    const before = await ids(project.name);
    await project.write('compose.yaml', compose('bonjour'));

    const dryRun = await project.berth(['up', '--dry-run']);
    expectExit(dryRun, 0, 'dry run');
    assert.match(dryRun.stdout, new RegExp(`create container [0-9a-f]{12}_${project.name}-web-1 \\(config hash changed\\)`));
    assert.doesNotMatch(dryRun.stdout, /db-1/);
    assert.deepEqual(await ids(project.name), before, '--dry-run changes nothing');

    const recreated = await project.berth(['up', '-d']);
    expectExit(recreated, 0, 'up after the change');
    // Compose's wording: the replacement's create, stop, remove and rename show as one Recreate → Recreated.
    const webLines = recreated.stderr.split('\n').filter((line) => line.startsWith(`Container ${project.name}-web-1 `));
    assert.deepEqual(webLines.map((line) => line.split(/\s+/)[2]), ['Recreate', 'Recreated', 'Starting', 'Started'], recreated.stderr);
    const after = await ids(project.name);
    const web = `${project.name}-web-1`;
    const db = `${project.name}-db-1`;
    assert.equal(after[db], before[db], 'db is kept');
    assert.notEqual(after[web], before[web], 'web is recreated');
    const info = await inspectContainer(web);
    assert.ok(info.Config.Env.includes('GREETING=bonjour'));
    assert.equal(info.State.Status, 'running');
  });
});
