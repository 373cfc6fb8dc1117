/**
 * The observed containers of a project, split the way Compose splits them:
 * each service's own containers, and orphans (containers of services the
 * project no longer has, and exited one-offs).
 */
import type { ContainerSummary } from '../engine/index.js';
import { compareText, ONEOFF_LABEL, ONEOFF_TRUE, PROJECT_LABEL, SERVICE_LABEL } from './labels.js';

export interface ClassifiedContainers {
  /** Service → its (non one-off) containers, sorted by name. */
  readonly byService: ReadonlyMap<string, readonly ContainerSummary[]>;
  /** Sorted by name. */
  readonly orphans: readonly ContainerSummary[];
}

export function isOneOff(container: ContainerSummary): boolean {
  return container.labels[ONEOFF_LABEL] === ONEOFF_TRUE;
}

/**
 * `knownServices`: the project's services plus those disabled by profiles,
 * whose containers are not orphans. Running one-offs are never orphans;
 * exited, dead and never-started ones are.
 */
export function classifyContainers(projectName: string, containers: readonly ContainerSummary[], knownServices: ReadonlySet<string>): ClassifiedContainers {
  const byService = new Map<string, ContainerSummary[]>();
  const orphans: ContainerSummary[] = [];
  for (const container of [...containers].sort((a, b) => compareText(a.name, b.name))) {
    if (container.labels[PROJECT_LABEL] !== projectName) continue;
    if (container.state === 'removing') continue;
    if (isOneOff(container)) {
      // A one-off that never ran (its start failed) is as finished as one that exited.
      if (container.state === 'exited' || container.state === 'dead' || container.state === 'created') orphans.push(container);
      continue;
    }
    const service = container.labels[SERVICE_LABEL] ?? '';
    if (knownServices.has(service)) {
      const list = byService.get(service) ?? [];
      list.push(container);
      byService.set(service, list);
    } else {
      orphans.push(container);
    }
  }
  return { byService, orphans };
}

/** A stop is planned only for containers that may be running; stopping an exited one changes nothing. */
export function mayBeRunning(container: ContainerSummary): boolean {
  return container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
}
