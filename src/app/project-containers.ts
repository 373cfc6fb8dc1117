/**
 * The containers a command acts on, picked the way Compose picks them:
 * by project label, optionally by service, with or without one-off (`run`)
 * containers, running ones only or every state. Commands that name one
 * container (`port`, `cp --index`) take the lowest container number, one-offs
 * last.
 */
import { BerthError } from '../errors.js';
import type { ContainerSummary, Engine } from '../engine/index.js';
import { compareText, containerNumberOf, isOneOff, PROJECT_LABEL, SERVICE_LABEL } from '../plan/index.js';
import { checkServiceNames } from './selection.js';
import { targetName, type ProjectTarget } from './target.js';

export interface ContainerQuery {
  /** Only these services' containers; all when empty. */
  readonly services: readonly string[];
  readonly oneOff: 'include' | 'exclude';
  /** Stopped containers too (Compose's `all`). */
  readonly stopped: boolean;
  /** Only the container with this number. */
  readonly index?: number | undefined;
}

/** The project's containers matching the query, sorted by name; named services are checked against the model when there is one. */
export async function findContainers(engine: Engine, target: ProjectTarget, query: ContainerQuery): Promise<ContainerSummary[]> {
  if (target.kind === 'model') checkServiceNames(target.loaded.project, query.services);
  const listed = await engine.containers.list({ labels: { [PROJECT_LABEL]: targetName(target) }, all: query.stopped });
  return listed
    .filter((container) => query.oneOff === 'include' || !isOneOff(container))
    .filter((container) => query.services.length === 0 || query.services.includes(container.labels[SERVICE_LABEL] ?? ''))
    .filter((container) => query.index === undefined || containerNumberOf(container.labels) === query.index)
    .sort((a, b) => compareText(a.name, b.name));
}

/** Lowest container number first, one-offs after the service's own containers. */
export function byContainerNumber(a: ContainerSummary, b: ContainerSummary): number {
  const oneOff = Number(isOneOff(a)) - Number(isOneOff(b));
  if (oneOff !== 0) return oneOff;
  return (containerNumberOf(a.labels) ?? 0) - (containerNumberOf(b.labels) ?? 0) || compareText(a.name, b.name);
}

/** The one container of a service a command names (`port`, `cp --index`): `--index N`, else the first. */
export async function serviceContainer(engine: Engine, target: ProjectTarget, service: string, options: { index?: number | undefined; oneOff: 'include' | 'exclude'; stopped: boolean }): Promise<ContainerSummary> {
  const found = (await findContainers(engine, target, { services: [service], ...options })).sort(byContainerNumber)[0];
  if (found !== undefined) return found;
  const which = options.index === undefined ? '' : ` container #${options.index}`;
  throw new BerthError('invalid_argument', `service "${service}" is not running${which}; start it with \`berth up -d ${service}\``);
}
