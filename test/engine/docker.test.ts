import { createDockerEngine } from '../../src/engine/docker/index.js';
import { dockerSkipReason } from '../helpers/docker.js';
import { engineContract } from './contract.js';

const skip = await dockerSkipReason();
if (skip !== undefined) console.log(`# engine contract (docker) skipped: ${skip}`);
engineContract('docker', () => createDockerEngine(), { skip });
