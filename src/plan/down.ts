/**
 * planDown: what `berth down` removes, Compose's way — each service's
 * containers stopped and removed, dependents before their dependencies;
 * with `--remove-orphans` the orphans too (exited one-offs included, running
 * ones never); then the project's networks (never external ones) and, with
 * `-v`, its named volumes and its containers' anonymous volumes.
 *
 * Works from the model or, without a compose file, from the labels of what
 * exists (`downInputFromLabels`).
 */
import { BerthError } from '../errors.js';
import type { ContainerSummary } from '../engine/index.js';
import type { Project } from '../model/index.js';
import { dependencyOrder, withDependents, type DependencyGraph } from './dependency-order.js';
import { compareText, DEPENDS_ON_LABEL, NETWORK_LABEL, parseDependsOnLabel, PROJECT_LABEL, SERVICE_LABEL, VOLUME_LABEL } from './labels.js';
import { networkName, volumeName } from './names.js';
import { classifyContainers, isOneOff, mayBeRunning } from './observed-containers.js';
import type { ObservedState } from './observed-state.js';
import { PlanBuilder } from './plan-builder.js';
import type { ContainerHook, Plan } from './plan.js';
import { stopExtras } from './service-lifecycle.js';

export interface DownService {
  readonly name: string;
  /** The services it depends on. */
  readonly dependsOn: readonly string[];
  /** Its `pre_stop` hooks (known only from the compose file). */
  readonly preStop?: readonly ContainerHook[] | undefined;
}

export interface DownResource {
  /** The compose key (`default`). */
  readonly key: string;
  /** The engine name (`shop_default`). */
  readonly name: string;
  readonly external: boolean;
}

export interface DownInput {
  readonly project: string;
  /** `model`: the compose file was read, so an unknown service name is an error. */
  readonly source: 'model' | 'labels';
  readonly services: readonly DownService[];
  readonly networks: readonly DownResource[];
  readonly volumes: readonly DownResource[];
}

export interface DownOptions {
  /** `-v`. */
  readonly removeVolumes: boolean;
  readonly removeOrphans: boolean;
  /** `-t`. */
  readonly timeoutSeconds?: number | undefined;
  /** `down web`: these services and the ones depending on them; default all. */
  readonly services?: readonly string[] | undefined;
}

export function downInputFromProject(project: Project): DownInput {
  return {
    project: project.name,
    source: 'model',
    services: Object.keys(project.services)
      .sort(compareText)
      .map((name) => ({ name, dependsOn: Object.keys(project.services[name]?.depends_on ?? {}).sort(compareText), ...stopExtras(project.services[name]) })),
    networks: Object.keys(project.networks ?? {})
      .sort(compareText)
      .map((key) => ({ key, name: networkName(project, key), external: project.networks?.[key]?.external === true })),
    volumes: Object.keys(project.volumes ?? {})
      .sort(compareText)
      .map((key) => ({ key, name: volumeName(project, key), external: project.volumes?.[key]?.external === true })),
  };
}

/** The project as its labels describe it: services from containers (depends_on from their label), networks and volumes from theirs. */
export function downInputFromLabels(projectName: string, observed: ObservedState): DownInput {
  const services = new Map<string, string[]>();
  for (const container of [...observed.containers].sort((a, b) => compareText(a.name, b.name))) {
    if (container.labels[PROJECT_LABEL] !== projectName || isOneOff(container)) continue;
    const service = container.labels[SERVICE_LABEL];
    if (service === undefined || services.has(service)) continue;
    services.set(service, parseDependsOnLabel(container.labels[DEPENDS_ON_LABEL]).map((entry) => entry.service).sort(compareText));
  }
  const resources = (items: readonly { name: string; labels: Readonly<Record<string, string>> }[], label: string): DownResource[] =>
    items
      .filter((item) => item.labels[PROJECT_LABEL] === projectName && item.labels[label] !== undefined)
      .map((item) => ({ key: item.labels[label] ?? '', name: item.name, external: false }))
      .sort((a, b) => compareText(a.name, b.name));
  return {
    project: projectName,
    source: 'labels',
    services: [...services].sort(([a], [b]) => compareText(a, b)).map(([name, dependsOn]) => ({ name, dependsOn })),
    networks: resources(observed.networks, NETWORK_LABEL),
    volumes: resources(observed.volumes, VOLUME_LABEL),
  };
}

export function planDown(input: DownInput, observed: ObservedState, options: DownOptions): Plan {
  const builder = new PlanBuilder(input.project);
  const graph: DependencyGraph = Object.fromEntries(input.services.map((service) => [service.name, service.dependsOn]));
  const known = new Set(input.services.map((service) => service.name));
  const named = options.services ?? [];
  for (const service of named) {
    if (!known.has(service) && input.source === 'model') throw new BerthError('invalid_argument', `no such service: ${service}; the project's services are ${[...known].sort(compareText).join(', ')}`);
  }
  const present = named.filter((service) => known.has(service));
  if (named.length > 0 && present.length === 0) {
    builder.warn(`none of the services ${named.join(', ')} has containers in project ${input.project}`);
    return builder.build();
  }
  const selected = named.length === 0 ? known : withDependents(graph, present);
  const { byService, orphans } = classifyContainers(input.project, observed.containers, known);
  const stopOptions = options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {};

  const removed = new Map<string, number>();
  const serviceDone = new Map<string, number[]>();
  const preStopOf = new Map(input.services.map((service) => [service.name, service.preStop ?? []]));
  const remove = (service: string, container: ContainerSummary, reason: string, after: readonly number[], removeVolumes: boolean, preStop: readonly ContainerHook[] = []): number => {
    const hooks = preStop.length > 0 ? { preStop } : {};
    const stop = mayBeRunning(container) ? builder.add({ kind: 'stop-container', service, container: { id: container.id, name: container.name }, ...stopOptions, ...hooks }, reason, after) : undefined;
    const step = builder.add(
      { kind: 'remove-container', service, container: { id: container.id, name: container.name }, removeVolumes },
      reason,
      stop === undefined ? after : [stop],
    );
    removed.set(container.id, step);
    return step;
  };

  for (const service of dependencyOrder(graph, selected, 'reverse')) {
    // Dependents are done first: their containers are gone before this service's stop.
    const after = Object.entries(graph)
      .filter(([other, dependencies]) => dependencies.includes(service) && selected.has(other))
      .flatMap(([other]) => serviceDone.get(other) ?? []);
    const steps = (byService.get(service) ?? []).map((container) => remove(service, container, 'down', after, options.removeVolumes, preStopOf.get(service)));
    serviceDone.set(service, steps);
  }

  if (options.removeOrphans) {
    for (const container of orphans) remove(container.labels[SERVICE_LABEL] ?? '', container, 'orphan', [], false);
  } else if (orphans.length > 0) {
    builder.warn(
      `Found orphan containers (${orphans.map((container) => container.name).join(', ')}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
    );
  }

  const allRemoved = [...removed.values()];
  for (const network of input.networks) {
    if (network.external) continue;
    const info = observed.networks.find((candidate) => candidate.name === network.name && candidate.labels[PROJECT_LABEL] === input.project && candidate.labels[NETWORK_LABEL] === network.key);
    if (info === undefined) continue;
    const staying = info.containers.filter((id) => !removed.has(id));
    if (staying.length > 0) {
      if (named.length === 0) builder.warn(`network ${network.name} is still in use by ${staying.length} container(s) outside this plan and is kept`);
      continue;
    }
    builder.add({ kind: 'remove-network', network: network.key, name: network.name }, 'down', allRemoved);
  }

  if (options.removeVolumes && named.length === 0) {
    for (const volume of input.volumes) {
      if (volume.external) continue;
      // Only volumes this project created (they carry its label): a same-named volume made elsewhere is not berth's to delete.
      const info = observed.volumes.find((candidate) => candidate.name === volume.name && candidate.labels[PROJECT_LABEL] === input.project && candidate.labels[VOLUME_LABEL] === volume.key);
      if (info === undefined) continue;
      builder.add({ kind: 'remove-volume', volume: volume.key, name: volume.name }, 'down -v', allRemoved);
    }
  }
  return builder.build();
}
