/**
 * Plans for `stop` and `start` (and the stop at the end of attached `up`):
 * existing containers only, nothing created or removed. Stops go
 * dependents first; starts go dependencies first and wait for their
 * depends_on conditions, as apply does for `up`.
 */
import { PlanBuilder } from '../plan/index.js';
import { dependencyOrder, type ContainerHook, type Plan, type StartExtras } from '../plan/index.js';
import type { ServiceContainers } from './service-containers.js';

export interface StopPlanOptions {
  readonly timeoutSeconds?: number | undefined;
  readonly reason: string;
  /** A service's `pre_stop` hooks, when the compose file is known. */
  readonly preStop?: ((service: string) => readonly ContainerHook[]) | undefined;
}

export function stopPlan(containers: ServiceContainers, services: readonly string[], options: StopPlanOptions): Plan {
  const builder = new PlanBuilder(containers.projectName);
  const done = new Map<string, number[]>();
  for (const service of dependencyOrder(containers.graph, services, 'reverse')) {
    // Dependents of this service were visited first; their stops come before its own.
    const after = services.filter((other) => (containers.graph[other] ?? []).includes(service)).flatMap((other) => done.get(other) ?? []);
    const steps: number[] = [];
    for (const container of containers.byService.get(service) ?? []) {
      if (container.state !== 'running' && container.state !== 'restarting' && container.state !== 'paused') continue;
      const preStop = options.preStop?.(service) ?? [];
      steps.push(
        builder.add(
          {
            kind: 'stop-container',
            service,
            container: { id: container.id, name: container.name },
            ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
            ...(preStop.length > 0 ? { preStop } : {}),
          },
          options.reason,
          after,
        ),
      );
    }
    done.set(service, [...steps, ...after]);
  }
  return builder.build();
}

/** `extras`: a service's injected files and `post_start` hooks, when the compose file is known. */
export function startPlan(containers: ServiceContainers, services: readonly string[], reason: string, extras?: (service: string) => StartExtras): Plan {
  const builder = new PlanBuilder(containers.projectName);
  const done = new Map<string, number[]>();
  const selected = new Set(services);
  for (const service of dependencyOrder(containers.graph, services, 'forward')) {
    const after = (containers.graph[service] ?? []).filter((dependency) => selected.has(dependency)).flatMap((dependency) => done.get(dependency) ?? []);
    const awaits = (containers.conditions.get(service) ?? []).filter((condition) => selected.has(condition.service) && condition.condition !== 'service_started');
    const steps: number[] = [];
    const toStart = (containers.byService.get(service) ?? []).filter((container) => container.state !== 'running' && container.state !== 'restarting' && container.state !== 'removing');
    const serviceExtras = toStart.length > 0 ? (extras?.(service) ?? {}) : {};
    for (const container of toStart) {
      steps.push(builder.add({ kind: 'start-container', service, container: { id: container.id, name: container.name }, awaits, ...serviceExtras }, reason, after));
    }
    done.set(service, [...steps, ...after]);
  }
  return builder.build();
}
