import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

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
