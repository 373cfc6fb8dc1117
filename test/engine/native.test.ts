import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { after } from 'node:test';
import { createNativeEngine } from '../../src/engine/native/index.js';
import { berthdSkipReason, startTestBerthd, type TestBerthd } from '../helpers/berthd.js';
import { TEST_IMAGE_ARCHIVE } from '../helpers/docker.js';
import { engineContract } from './contract.js';

const skip = await berthdSkipReason();
if (skip !== undefined) console.log(`# engine contract (native) skipped: ${skip}`);

let daemon: TestBerthd | undefined;
after(async () => {
  if (daemon === undefined) return;
  const problems = await daemon.stop();
  assert.deepEqual(problems, [], `berthd left things behind; its output:\n${daemon.output()}`);
});

engineContract(
  'native',
  async () => {
    daemon = await startTestBerthd();
    const engine = await createNativeEngine({ socket: daemon.socket });
    await engine.images.load(createReadStream(TEST_IMAGE_ARCHIVE));
    return engine;
  },
  // Bridge networks, published ports and push come with later work on berthd.
  { skip, capabilities: { bridgeNetworks: false, attachStdin: true, push: false, networkMode: 'none' } },
);
