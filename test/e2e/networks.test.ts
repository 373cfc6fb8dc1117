import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, engineGet, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

const sleeper = (networks: string): string => `
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    networks: ${networks}`;

test('a service on network a cannot reach one only on network b, by name or by address; both reach a service on both', async (t) => {
  const project = await e2eProject(t, 'netiso', {
    'compose.yaml': `
services:
  only-a:${sleeper('[a]')}
  only-b:${sleeper('[b]')}
  both:${sleeper('[a, b]')}
networks:
  a: {}
  b: {}
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  // One ping with a bounded wait; busybox's own -W plus timeout(1) in case DNS hangs.
  const ping = (from: string, to: string) => project.berth(['exec', '-T', from, 'timeout', '5', 'ping', '-c', '1', '-W', '2', to]);

  expectExit(await ping('only-a', 'both'), 0, 'only-a pings both');
  expectExit(await ping('only-b', 'both'), 0, 'only-b pings both');
  expectExit(await ping('both', 'only-a'), 0, 'both pings only-a');
  expectExit(await ping('both', 'only-b'), 0, 'both pings only-b');

  const byName = await ping('only-a', 'only-b');
  assert.notEqual(byName.exitCode, 0, 'only-b is not even a name on network a');

  const onlyB = await inspectContainer<{ NetworkSettings: { Networks: Record<string, { IPAddress: string }> } }>(`${project.name}-only-b-1`);
  const address = onlyB.NetworkSettings.Networks[`${project.name}_b`]?.IPAddress;
  assert.ok(address !== undefined && address !== '', `only-b has an address on ${project.name}_b`);
  expectExit(await ping('both', address), 0, 'the address answers from network b');
  const byAddress = await ping('only-a', address);
  assert.notEqual(byAddress.exitCode, 0, `only-a cannot reach ${address} across networks`);
});

test('a network whose config changed is recreated under its containers, which keep their identity and their names on it', async (t) => {
  const compose = (tier: string): string => `
services:
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    networks:
      back: { aliases: [backend] }
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    networks: [back]
networks:
  back:
    labels: { tier: ${tier} }
`;
  const project = await e2eProject(t, 'netchange', { 'compose.yaml': compose('one') });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const network = `${project.name}_back`;
  const before = await engineGet<{ Id: string }>(`/networks/${network}`);
  const ids = async () => Object.fromEntries([...(await containersOf(project.name))].map(([name, container]) => [name, `${container.Id} ${container.State}`]));
  const containersBefore = await ids();

  await project.write('compose.yaml', compose('two'));
  const dryRun = await project.berth(['up', '--dry-run']);
  assert.match(dryRun.stdout, new RegExp(`remove network ${network} \\(config hash changed\\)`));
  const up = await project.berth(['up', '-d']);
  expectExit(up, 0, 'up -d after the change');

  const after = await engineGet<{ Id: string; Labels: Record<string, string>; Containers: Record<string, unknown> }>(`/networks/${network}`);
  assert.notEqual(after.Id, before.Id, 'the network was recreated');
  assert.equal(after.Labels['tier'], 'two');
  assert.deepEqual(await ids(), containersBefore, 'the same containers, running again');
  assert.equal(Object.keys(after.Containers).length, 2, 'both are attached to the new network');
  expectExit(await project.berth(['exec', '-T', 'web', 'timeout', '5', 'ping', '-c', '1', '-W', '2', 'backend']), 0, 'the alias resolves on the new network');
  assert.deepEqual((await project.berth(['up', '--dry-run'])).stdout.trim().split('\n')[0], `nothing to do: project ${project.name} is up to date`);
});
