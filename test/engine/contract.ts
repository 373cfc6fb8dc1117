/**
 * The engine contract: what any `Engine` must do, as berth's layers above
 * rely on it. Run it against an implementation with
 *
 *   engineContract('docker', () => createDockerEngine());
 *
 * Every object a test creates is uniquely named and carries the `berth.test`
 * label with this run's ID; tests remove what they make, and `after` removes
 * anything left behind (and fails if it cannot).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../../src/engine/index.js';
import { containerContract } from './contract-containers.js';
import { eventContract } from './contract-events.js';
import { imageContract } from './contract-images.js';
import { networkContract, volumeContract } from './contract-networks-volumes.js';
import { streamContract } from './contract-streams.js';
import { type Capabilities, cleanUp, makeContract } from './fixtures.js';
import { startTestRegistry, type TestRegistry } from './registry.js';

export interface ContractOptions {
  /** Skip the whole suite, with this reason printed. */
  readonly skip?: string | undefined;
  /** What the engine can do (default: everything Docker can). */
  readonly capabilities?: Capabilities;
}

export function engineContract(name: string, makeEngine: () => Engine | Promise<Engine>, options: ContractOptions = {}): void {
  let engine: Engine | undefined;
  let registry: TestRegistry | string = 'the registry was not started';
  const contract = makeContract(() => {
    if (engine === undefined) throw new Error('the engine is made in before()');
    return engine;
  }, options.capabilities);

  describe(`engine contract: ${name}`, { skip: options.skip ?? false }, () => {
    before(async () => {
      engine = await makeEngine();
      registry = await startTestRegistry();
    });

    after(async () => {
      if (engine === undefined) return;
      const problems = await cleanUp(engine, contract.labels, contract.taggedImages);
      if (typeof registry !== 'string') await registry.stop();
      await engine.close();
      assert.deepEqual(problems, [], 'everything the suite created is removed');
    });

    test('info names the engine and its API version', async () => {
      const info = await contract.engine.info();
      assert.ok(info.engine === 'docker' || info.engine === 'native');
      assert.match(info.apiVersion, /^\d+\.\d+$/);
      assert.equal(info.os, 'linux');
      assert.ok(info.architecture !== '');
    });

    imageContract(contract, () => registry);
    networkContract(contract);
    volumeContract(contract);
    containerContract(contract);
    streamContract(contract);
    eventContract(contract);

    test('nothing of this run is left behind', async () => {
      const engine = contract.engine;
      await cleanUp(engine, contract.labels, contract.taggedImages);
      assert.deepEqual(await engine.containers.list({ labels: contract.labels, all: true }), []);
      assert.deepEqual(await engine.networks.list({ labels: contract.labels }), []);
      assert.deepEqual(await engine.volumes.list({ labels: contract.labels }), []);
    });
  });
}
