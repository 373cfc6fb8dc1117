import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectExit, hostTracesOf, nativeSuite, TEST_IMAGE } from './support.js';

const suite = nativeSuite();

const compose = (greeting: string): string => `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    environment:
      GREETING: ${greeting}
  worker:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo working; exec sleep 300"]
    network_mode: none
    stop_signal: SIGKILL
    depends_on: [web]
`;

async function ids(projectName: string): Promise<Record<string, string>> {
  return Object.fromEntries([...(await suite.containersOf(projectName))].map(([name, container]) => [name, container.Id]));
}

test('up -d starts the containers under Compose names, and ps lists them running', async (t) => {
  const project = await suite.project(t, 'up-ps', { 'compose.yaml': compose('hello') });
  if (project === undefined) return;
  const { name } = project;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');

  const containers = await suite.containersOf(name);
  assert.deepEqual([...containers.keys()].sort(), [`${name}-web-1`, `${name}-worker-1`]);
  assert.equal(containers.get(`${name}-web-1`)?.State, 'running');
  assert.equal(containers.get(`${name}-worker-1`)?.Labels['com.docker.compose.service'], 'worker');

  const table = await project.berth(['ps']);
  expectExit(table, 0, 'ps');
  const lines = table.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
  assert.deepEqual(lines.slice(1).map((line) => line.split(/\s+/)[0]), [`${name}-web-1`, `${name}-worker-1`]);
  assert.ok(lines.slice(1).every((line) => / Up /.test(line)), table.stdout);

  const json = JSON.parse((await project.berth(['ps', '--format', 'json'])).stdout) as { Name: string; Service: string; State: string }[];
  assert.deepEqual(json.map((entry) => [entry.Name, entry.Service, entry.State]), [
    [`${name}-web-1`, 'web', 'running'],
    [`${name}-worker-1`, 'worker', 'running'],
  ]);
});

test('a second up -d recreates nothing', async (t) => {
  const project = await suite.project(t, 'idem', { 'compose.yaml': compose('hello') });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'first up');
  const before = await ids(project.name);
  const second = await project.berth(['up', '-d']);
  expectExit(second, 0, 'second up');
  assert.deepEqual(await ids(project.name), before);
  assert.doesNotMatch(second.stderr, /Recreate|Creating|Starting/);
});

test('a config change recreates only the service it touches', async (t) => {
  const project = await suite.project(t, 'change', { 'compose.yaml': compose('hello') });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'first up');
  const before = await ids(project.name);
  await project.write('compose.yaml', compose('bonjour'));

  const recreated = await project.berth(['up', '-d']);
  expectExit(recreated, 0, 'up after the change');
  const web = `${project.name}-web-1`;
  const worker = `${project.name}-worker-1`;
  const after = await ids(project.name);
  assert.notEqual(after[web], before[web], 'web is recreated');
  assert.equal(after[worker], before[worker], 'worker is kept');
  const info = await suite.inspect(web);
  assert.ok(info.Config.Env.includes('GREETING=bonjour'), info.Config.Env.join(' '));
  assert.equal(info.State.Status, 'running');
});

test('deploy.replicas sets the count, and --scale adds and removes the highest-numbered replicas', async (t) => {
  const project = await suite.project(t, 'scale', {
    'compose.yaml': `
services:
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    deploy:
      replicas: 2
`,
  });
  if (project === undefined) return;
  const replica = (index: number): string => `${project.name}-worker-${index}`;
  const running = async (): Promise<Map<string, string>> =>
    new Map([...(await suite.containersOf(project.name))].filter(([, container]) => container.State === 'running').map(([name, container]) => [name, container.Id]));

  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const first = await running();
  assert.deepEqual([...first.keys()].sort(), [replica(1), replica(2)]);

  expectExit(await project.berth(['up', '-d', '--scale', 'worker=3']), 0, 'scale up');
  const up = await running();
  assert.deepEqual([...up.keys()].sort(), [replica(1), replica(2), replica(3)]);
  assert.equal(up.get(replica(1)), first.get(replica(1)), 'worker-1 is kept');

  expectExit(await project.berth(['up', '-d', '--scale', 'worker=1']), 0, 'scale down');
  assert.deepEqual([...(await suite.containersOf(project.name)).keys()], [replica(1)], 'the removed replicas are gone, not just stopped');
  assert.equal((await running()).get(replica(1)), first.get(replica(1)));
});

test('down removes everything: containers, their mounts, their conmon processes and cgroups', async (t) => {
  const project = await suite.project(t, 'down', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    network_mode: none
    stop_signal: SIGKILL
    volumes: ["data:/data", "/anonymous"]
    tmpfs: ["/scratch"]
  job:
    image: ${TEST_IMAGE}
    command: ["true"]
    network_mode: none
volumes:
  data: {}
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const containerIds = [...(await suite.containersOf(project.name)).values()].map((container) => container.Id);
  assert.equal(containerIds.length, 2);
  assert.notDeepEqual(await hostTracesOf(containerIds), [], 'a running container shows on the host (the check can fail)');

  const down = await project.berth(['down', '-v']);
  expectExit(down, 0, 'down -v');
  assert.deepEqual([...(await suite.containersOf(project.name)).keys()], []);
  assert.deepEqual(await suite.volumesOf(project.name), []);
  assert.deepEqual(await hostTracesOf(containerIds), []);
});
