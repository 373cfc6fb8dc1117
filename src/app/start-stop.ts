/**
 * `berth stop`, `start` and `restart`: existing containers only. Stop goes
 * dependents first, start dependencies first with their depends_on
 * conditions; restart does not pick up configuration changes (that is up's
 * job), as in Compose.
 */
import { BerthError } from '../errors.js';
import { runHooks } from '../apply/index.js';
import { dependencyOrder, serviceHooks, startExtras, stopExtras, withDependents, type ContainerHook } from '../plan/index.js';
import { startPlan, stopPlan } from './lifecycle-plans.js';
import { runPlan } from './plan-phase.js';
import { listServiceContainers, servicesToActOn } from './service-containers.js';
import type { Session } from './session.js';
import { targetName, type ProjectTarget } from './target.js';
import { waitForReady } from './up.js';
import { checkServiceNames } from './selection.js';

export interface StopOptions {
  readonly services: readonly string[];
  readonly timeoutSeconds?: number | undefined;
}

export async function stop(target: ProjectTarget, session: Session, options: StopOptions): Promise<void> {
  if (target.kind === 'model') checkServiceNames(target.loaded.project, options.services);
  const lock = await session.lock(targetName(target));
  try {
    const containers = await listServiceContainers(session.engine, target, { all: false });
    const plan = stopPlan(containers, servicesToActOn(containers, target, options.services), { timeoutSeconds: options.timeoutSeconds, reason: 'stop', preStop: preStopOf(target) });
    await runPlan(session, plan, { title: 'stop' });
  } finally {
    await lock.release();
  }
}

export interface StartOptions {
  readonly services: readonly string[];
  readonly wait: boolean;
  readonly waitTimeoutMs?: number | undefined;
}

export async function start(target: ProjectTarget, session: Session, options: StartOptions): Promise<void> {
  if (target.kind === 'model') checkServiceNames(target.loaded.project, options.services);
  const lock = await session.lock(targetName(target));
  let services: string[];
  try {
    const containers = await listServiceContainers(session.engine, target, { all: true });
    services = servicesToActOn(containers, target, options.services);
    const missing = services.filter((service) => (containers.byService.get(service) ?? []).length === 0);
    if (options.services.length > 0 && missing.length > 0) {
      throw new BerthError('invalid_argument', `service ${missing.join(', ')} has no container to start; run \`berth up ${missing.join(' ')}\` to create it`);
    }
    services = services.filter((service) => !missing.includes(service));
    const extras = target.kind === 'model' ? (service: string) => startExtras(target.loaded.project, service, { environment: target.loaded.environment }) : undefined;
    await runPlan(session, startPlan(containers, services, 'start', extras), { title: 'start', conditionTimeoutMs: options.waitTimeoutMs });
  } finally {
    await lock.release();
  }
  if (options.wait) {
    if (target.kind !== 'model') throw new BerthError('invalid_argument', 'start --wait needs the compose file, to know what ready means for each service');
    await waitForReady(session, target.loaded.project, services, { waitTimeoutMs: options.waitTimeoutMs });
  }
}

export interface RestartOptions {
  readonly services: readonly string[];
  readonly timeoutSeconds?: number | undefined;
  readonly noDeps: boolean;
}

export async function restart(target: ProjectTarget, session: Session, options: RestartOptions): Promise<void> {
  if (target.kind === 'model') checkServiceNames(target.loaded.project, options.services);
  const lock = await session.lock(targetName(target));
  try {
    const containers = await listServiceContainers(session.engine, target, { all: true });
    let services = servicesToActOn(containers, target, options.services);
    // Dependents that declare `depends_on.<service>.restart: true` restart with it.
    if (!options.noDeps && options.services.length > 0 && target.kind === 'model') {
      const restarting = new Set(services);
      const project = target.loaded.project;
      for (const name of withDependents(containers.graph, services)) {
        const entries = Object.entries(project.services[name]?.depends_on ?? {});
        if (entries.some(([dependency, entry]) => restarting.has(dependency) && entry.restart === true)) restarting.add(name);
      }
      services = [...restarting];
    }
    const order = dependencyOrder(containers.graph, services);
    const rows = order.flatMap((service) => (containers.byService.get(service) ?? []).map((container) => ({ resource: 'container' as const, name: container.name })));
    session.onEvent({ type: 'phase', title: 'restart', rows });
    const hooksOf = (service: string) => {
      if (target.kind !== 'model') return { preStop: [], postStart: [] };
      const definition = target.loaded.project.services[service];
      return { preStop: stopExtras(definition).preStop ?? [], postStart: serviceHooks(definition?.post_start) };
    };
    for (const service of order) {
      const hooks = hooksOf(service);
      await Promise.all(
        (containers.byService.get(service) ?? []).map(async (container) => {
          const hookTarget = { containerId: container.id, containerName: container.name, service };
          session.onEvent({ type: 'status', resource: 'container', name: container.name, state: 'working', text: 'Restarting' });
          // As Compose: pre_stop hooks before the restart (only a running container can run them), post_start hooks after it.
          if (container.state === 'running') await runHooks(session.engine, { ...hookTarget, phase: 'pre_stop' }, hooks.preStop, session.signal);
          await session.engine.containers.restart(container.id, { timeoutSeconds: options.timeoutSeconds });
          await runHooks(session.engine, { ...hookTarget, phase: 'post_start' }, hooks.postStart, session.signal);
          session.onEvent({ type: 'status', resource: 'container', name: container.name, state: 'done', text: 'Restarted' });
        }),
      );
    }
  } finally {
    await lock.release();
  }
}

/** A service's pre_stop hooks; none without the compose file (labels do not carry them, as in Compose). */
function preStopOf(target: ProjectTarget): ((service: string) => readonly ContainerHook[]) | undefined {
  if (target.kind !== 'model') return undefined;
  const project = target.loaded.project;
  return (service) => stopExtras(project.services[service]).preStop ?? [];
}
