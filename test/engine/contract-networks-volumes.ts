import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NetworkSpec, VolumeSpec } from '../../src/engine/index.js';
import { type Contract, rejectsWithKind } from './fixtures.js';

export function networkContract(contract: Contract): void {
  const networkSpec = (overrides: Partial<NetworkSpec> = {}): NetworkSpec => ({
    name: contract.name('net'),
    driver: 'bridge',
    driverOptions: {},
    labels: { ...contract.labels, 'berth.test.kind': 'network' },
    internal: false,
    attachable: false,
    enableIpv6: false,
    ...overrides,
  });

  const noBridges = contract.capabilities.bridgeNetworks ? false : 'this engine has no bridge networks yet';
  if (noBridges !== false) console.log(`# networks contract skipped: ${noBridges}`);
  describe('networks', { skip: noBridges }, () => {
    test('create, inspect by name and ID, list by label, remove', async () => {
      const engine = contract.engine;
      const spec = networkSpec({ internal: true });
      const id = await engine.networks.create(spec);
      const byName = await engine.networks.inspect(spec.name);
      assert.equal(byName?.id, id);
      assert.equal(byName.name, spec.name);
      assert.equal(byName.driver, 'bridge');
      assert.equal(byName.internal, true);
      assert.equal(byName.labels['berth.test.kind'], 'network');
      assert.ok(byName.subnets.length > 0, 'an address pool was assigned');
      assert.equal((await engine.networks.inspect(id))?.name, spec.name);
      const listed = await engine.networks.list({ labels: contract.labels });
      assert.ok(listed.some((network) => network.id === id));
      await engine.networks.remove(spec.name);
      assert.equal(await engine.networks.inspect(spec.name), undefined);
    });

    test('a subnet given in the IPAM config is used', async () => {
      const engine = contract.engine;
      const spec = networkSpec({ ipam: { pools: [{ subnet: '10.213.77.0/24', gateway: '10.213.77.1' }] } });
      await engine.networks.create(spec);
      assert.deepEqual((await engine.networks.inspect(spec.name))?.subnets, ['10.213.77.0/24']);
      await engine.networks.remove(spec.name);
    });

    test('a second network of the same name is a conflict', async () => {
      const engine = contract.engine;
      const spec = networkSpec();
      await engine.networks.create(spec);
      await rejectsWithKind(() => engine.networks.create(spec), 'conflict');
      await engine.networks.remove(spec.name);
    });

    test('inspect of a missing network resolves undefined; remove is not_found', async () => {
      const name = contract.name('missing-net');
      assert.equal(await contract.engine.networks.inspect(name), undefined);
      await rejectsWithKind(() => contract.engine.networks.remove(name), 'not_found');
    });

    test('connect with aliases and disconnect a container; a network in use cannot be removed', async () => {
      const engine = contract.engine;
      const network = networkSpec();
      await engine.networks.create(network);
      const containerId = await engine.containers.create(contract.spec());
      await engine.containers.start(containerId);
      await engine.networks.connect(network.name, containerId, { aliases: ['contract-alias'] });
      const attached = await engine.containers.inspect(containerId);
      assert.ok(network.name in (attached?.networks ?? {}), `networks ${JSON.stringify(attached?.networks)}`);
      assert.ok((await engine.networks.inspect(network.name))?.containers.includes(containerId));
      await rejectsWithKind(() => engine.networks.remove(network.name), 'conflict');
      await engine.networks.disconnect(network.name, containerId);
      assert.ok(!(network.name in ((await engine.containers.inspect(containerId))?.networks ?? {})));
      await engine.containers.remove(containerId, { force: true });
      await engine.networks.remove(network.name);
    });

    test('a container created on two networks is attached to both, with its aliases', async () => {
      const engine = contract.engine;
      const first = networkSpec();
      const second = networkSpec();
      await engine.networks.create(first);
      await engine.networks.create(second);
      const containerId = await engine.containers.create(
        contract.spec({
          host: { networkMode: first.name },
          networks: { [first.name]: { aliases: ['one'] }, [second.name]: { aliases: ['two'] } },
        }),
      );
      await engine.containers.start(containerId);
      const info = await engine.containers.inspect(containerId);
      assert.deepEqual(Object.keys(info?.networks ?? {}).sort(), [first.name, second.name].sort());
      await engine.containers.remove(containerId, { force: true });
      await engine.networks.remove(first.name);
      await engine.networks.remove(second.name);
    });
  });
}

export function volumeContract(contract: Contract): void {
  const volumeSpec = (): VolumeSpec => ({
    name: contract.name('vol'),
    driver: 'local',
    driverOptions: {},
    labels: { ...contract.labels, 'berth.test.kind': 'volume' },
  });

  describe('volumes', () => {
    test('create, inspect, list by label, remove', async () => {
      const engine = contract.engine;
      const spec = volumeSpec();
      const created = await engine.volumes.create(spec);
      assert.equal(created.name, spec.name);
      assert.equal(created.driver, 'local');
      const inspected = await engine.volumes.inspect(spec.name);
      assert.equal(inspected?.labels['berth.test.kind'], 'volume');
      assert.ok(inspected.mountpoint !== '');
      assert.ok((await engine.volumes.list({ labels: contract.labels })).some((volume) => volume.name === spec.name));
      assert.ok(!(await engine.volumes.list({ labels: { 'berth.test.kind': 'no-such-kind' } })).some((volume) => volume.name === spec.name));
      await engine.volumes.remove(spec.name);
      assert.equal(await engine.volumes.inspect(spec.name), undefined);
    });

    test('a second volume of the same name is a conflict', async () => {
      const engine = contract.engine;
      const spec = volumeSpec();
      await engine.volumes.create(spec);
      await rejectsWithKind(() => engine.volumes.create(spec), 'conflict');
      await engine.volumes.remove(spec.name);
    });

    test('inspect of a missing volume resolves undefined; remove is not_found', async () => {
      const name = contract.name('missing-vol');
      assert.equal(await contract.engine.volumes.inspect(name), undefined);
      await rejectsWithKind(() => contract.engine.volumes.remove(name), 'not_found');
    });

    test('a volume in use by a container cannot be removed', async () => {
      const engine = contract.engine;
      const spec = volumeSpec();
      await engine.volumes.create(spec);
      const containerId = await engine.containers.create(
        contract.spec({ host: { mounts: [{ type: 'volume', source: spec.name, target: '/data', readOnly: false }] } }),
      );
      await rejectsWithKind(() => engine.volumes.remove(spec.name), 'conflict');
      await engine.containers.remove(containerId, { force: true });
      await engine.volumes.remove(spec.name);
    });
  });
}
