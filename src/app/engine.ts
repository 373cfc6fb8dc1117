/**
 * Which engine berth drives. For now it is always a Docker Engine (at
 * `DOCKER_HOST`, else /var/run/docker.sock); berth's own native engine
 * plugs in here later, behind the same `Engine` interface.
 */
import type { Engine } from '../engine/index.js';
import { createDockerEngine } from '../engine/docker/index.js';

export interface EngineChoice {
  /** `DOCKER_HOST`, as read by the CLI. */
  readonly dockerHost?: string | undefined;
}

export function connectEngine(choice: EngineChoice): Engine {
  return createDockerEngine({ host: choice.dockerHost });
}
