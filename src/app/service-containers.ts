/**
 * A project's service containers as the engine lists them, grouped by
 * service, and the dependency graph — from the model when there is one,
 * else from the `depends_on` labels Compose writes on every container.
 */
import type { ContainerSummary, Engine } from '../engine/index.js';
import {
  compareText,
  DEPENDS_ON_LABEL,
  graphOf,
  isOneOff,
  parseDependsOnLabel,
  PROJECT_LABEL,
  SERVICE_LABEL,
  type DependencyGraph,
  type StartCondition,
} from '../plan/index.js';
import type { ProjectTarget } from './target.js';
import { targetName } from './target.js';

export interface ServiceContainers {
  readonly projectName: string;
  /** Service → its containers (one-offs excluded), sorted by name. */
  readonly byService: ReadonlyMap<string, readonly ContainerSummary[]>;
  readonly graph: DependencyGraph;
  /** Service → what its containers wait for before they start. */
  readonly conditions: ReadonlyMap<string, readonly StartCondition[]>;
}

export async function listServiceContainers(engine: Engine, target: ProjectTarget, options: { all: boolean }): Promise<ServiceContainers> {
  const projectName = targetName(target);
  const containers = await engine.containers.list({ labels: { [PROJECT_LABEL]: projectName }, all: options.all });
  const byService = new Map<string, ContainerSummary[]>();
  for (const container of [...containers].sort((a, b) => compareText(a.name, b.name))) {
    if (isOneOff(container)) continue;
    const service = container.labels[SERVICE_LABEL];
    if (service === undefined) continue;
    byService.set(service, [...(byService.get(service) ?? []), container]);
  }
  const conditions = new Map<string, StartCondition[]>();
  let graph: DependencyGraph;
  if (target.kind === 'model') {
    const services = target.loaded.project.services;
    graph = graphOf(services);
    for (const [name, service] of Object.entries(services)) {
      conditions.set(
        name,
        Object.entries(service.depends_on ?? {}).map(([dependency, entry]) => ({
          service: dependency,
          condition: entry.condition,
          required: entry.required,
        })),
      );
    }
  } else {
    const fromLabels: Record<string, string[]> = {};
    for (const [service, list] of byService) {
      const entries = parseDependsOnLabel(list[0]?.labels[DEPENDS_ON_LABEL]);
      fromLabels[service] = entries.map((entry) => entry.service);
      conditions.set(
        service,
        entries.map((entry) => ({ service: entry.service, condition: asCondition(entry.condition), required: true })),
      );
    }
    graph = fromLabels;
  }
  return { projectName, byService, graph, conditions };
}

function asCondition(text: string): StartCondition['condition'] {
  return text === 'service_healthy' || text === 'service_completed_successfully' ? text : 'service_started';
}

/** The services to act on: the named ones, else every service that has containers (or the model declares). */
export function servicesToActOn(containers: ServiceContainers, target: ProjectTarget, named: readonly string[]): string[] {
  if (named.length > 0) return [...new Set(named)].sort(compareText);
  const all = new Set(containers.byService.keys());
  if (target.kind === 'model') for (const name of Object.keys(target.loaded.project.services)) all.add(name);
  return [...all].sort(compareText);
}
