/**
 * `berth port SERVICE PRIVATE_PORT`: the host address a container port is
 * published on, `HOST:PORT` as Compose prints it.
 */
import { BerthError } from '../errors.js';
import type { ContainerSummary } from '../engine/index.js';
import { serviceContainer } from './project-containers.js';
import type { Session } from './session.js';
import type { ProjectTarget } from './target.js';

export interface PortOptions {
  readonly service: string;
  readonly privatePort: number;
  /** `--protocol`: tcp unless given. */
  readonly protocol: string;
  /** `--index`: which replica; the first when absent. */
  readonly index?: number | undefined;
}

/** The `HOST:PORT` line (without its line break). */
export async function port(target: ProjectTarget, session: Session, options: PortOptions): Promise<string> {
  const container = await serviceContainer(session.engine, target, options.service, { index: options.index, oneOff: 'include', stopped: false });
  return publishedAddress(container, options.privatePort, options.protocol);
}

export function publishedAddress(container: Pick<ContainerSummary, 'name' | 'ports'>, privatePort: number, protocol: string): string {
  const wanted = `${privatePort}/${protocol.toLowerCase()}`;
  const binding = container.ports.find((candidate) => candidate.containerPort === wanted && candidate.hostPort > 0);
  if (binding === undefined) {
    const known = [...new Set(container.ports.map((candidate) => candidate.containerPort))];
    throw new BerthError('invalid_argument', `no port ${wanted} for container ${container.name}: ${known.length === 0 ? 'it publishes no ports' : `it has ${known.join(', ')}`}`);
  }
  return `${binding.hostIp === '' ? '0.0.0.0' : binding.hostIp}:${binding.hostPort}`;
}
