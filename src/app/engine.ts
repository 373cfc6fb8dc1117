/**
 * Which engine berth drives. For now it is always a Docker Engine (at
 * `DOCKER_HOST`, else /var/run/docker.sock); berth's own native engine
 * plugs in here later, behind the same `Engine` interface.
 */
import type { Engine } from '../engine/index.js';

export interface EngineChoice {
  /** `DOCKER_HOST`, as read by the CLI. */
  readonly dockerHost?: string | undefined;
}

export async function connectEngine(choice: EngineChoice): Promise<Engine> {
  // dockerode costs ~200 ms to load; commands that need no engine (config, version) never pay it.
  const { createDockerEngine } = await import('../engine/docker/index.js');
  return createDockerEngine({ host: choice.dockerHost });
}
