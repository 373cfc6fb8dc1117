/**
 * Which engine berth drives: berth's own engine (berthd, started on demand)
 * by default; a Docker Engine when asked — `BERTH_ENGINE=docker`, or
 * `DOCKER_HOST` set (a user who points DOCKER_HOST somewhere means that
 * engine). `BERTH_ENGINE=native` wins over DOCKER_HOST.
 */
import type { Engine } from '../engine/index.js';
import { BerthError } from '../errors.js';

export interface EngineChoice {
  /** `DOCKER_HOST`, as read by the CLI. */
  readonly dockerHost?: string | undefined;
  /** `BERTH_ENGINE`: `native` or `docker`. */
  readonly engine?: string | undefined;
  /** What berthd is started with when it is not running (BERTH_ROOT, BERTH_SOCKET, PATH, …). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

export function engineKind(choice: EngineChoice): 'native' | 'docker' {
  const named = choice.engine ?? '';
  if (named === 'native' || named === 'docker') return named;
  if (named !== '') throw new BerthError('invalid_argument', `BERTH_ENGINE="${named}" is not an engine berth knows: use native or docker`);
  return choice.dockerHost !== undefined && choice.dockerHost !== '' ? 'docker' : 'native';
}

export async function connectEngine(choice: EngineChoice): Promise<Engine> {
  // dockerode costs ~200 ms to load; commands that need no engine (config, version) never pay it.
  if (engineKind(choice) === 'native') {
    const { createNativeEngine } = await import('../engine/native/index.js');
    return createNativeEngine({ environment: choice.environment ?? {} });
  }
  const { createDockerEngine } = await import('../engine/docker/index.js');
  return createDockerEngine({ host: choice.dockerHost });
}
