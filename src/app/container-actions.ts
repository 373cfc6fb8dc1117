/**
 * `berth kill`, `pause` and `unpause`: one engine call per container, all
 * at once, with a progress line each. They change no configuration, so they
 * take no project lock: `kill` must work even while another berth is busy.
 */
import type { ContainerSummary, Engine } from '../engine/index.js';
import { SERVICE_LABEL } from '../plan/index.js';
import { findContainers } from './project-containers.js';
import type { Session } from './session.js';
import type { ProjectTarget } from './target.js';

export interface KillOptions {
  readonly services: readonly string[];
  /** `-s`: SIGKILL unless given. */
  readonly signal: string;
  /** `--remove-orphans`: also containers of services the compose file no longer has. */
  readonly removeOrphans: boolean;
}

/** Resolves the number of containers signalled; 0 means there was nothing to kill (Compose says so and exits 0). */
export async function kill(target: ProjectTarget, session: Session, options: KillOptions): Promise<number> {
  const containers = withoutOrphans(target, await findContainers(session.engine, target, { services: options.services, oneOff: 'include', stopped: false }), options.removeOrphans);
  if (containers.length === 0) {
    session.notice('No container to kill');
    return 0;
  }
  await eachContainer(session, containers, ['Killing', 'Killed'], (engine, id) => engine.containers.kill(id, options.signal));
  return containers.length;
}

export async function pause(target: ProjectTarget, session: Session, options: { services: readonly string[] }): Promise<void> {
  const containers = withoutOrphans(target, await findContainers(session.engine, target, { services: options.services, oneOff: 'exclude', stopped: false }), false);
  await eachContainer(session, containers.filter((container) => container.state === 'running'), ['Pausing', 'Paused'], (engine, id) => engine.containers.pause(id));
}

export async function unpause(target: ProjectTarget, session: Session, options: { services: readonly string[] }): Promise<void> {
  const containers = withoutOrphans(target, await findContainers(session.engine, target, { services: options.services, oneOff: 'exclude', stopped: false }), false);
  await eachContainer(session, containers.filter((container) => container.state === 'paused'), ['Unpausing', 'Unpaused'], (engine, id) => engine.containers.unpause(id));
}

/** With a compose file, containers of services it does not have are left alone (Compose's `isService` filter). */
export function withoutOrphans(target: ProjectTarget, containers: readonly ContainerSummary[], keepOrphans: boolean): ContainerSummary[] {
  if (target.kind !== 'model' || keepOrphans) return [...containers];
  const services = target.loaded.project.services;
  return containers.filter((container) => services[container.labels[SERVICE_LABEL] ?? ''] !== undefined);
}

/** Runs `action` on every container at once; the first failure is thrown once all have settled. */
export async function eachContainer(
  session: Session,
  containers: readonly ContainerSummary[],
  [working, done]: readonly [string, string],
  action: (engine: Engine, containerId: string) => Promise<void>,
): Promise<void> {
  if (containers.length === 0) return;
  session.onEvent({ type: 'phase', title: working.toLowerCase(), rows: containers.map((container) => ({ resource: 'container', name: container.name })) });
  const results = await Promise.allSettled(
    containers.map(async (container) => {
      session.onEvent({ type: 'status', resource: 'container', name: container.name, state: 'working', text: working });
      try {
        await action(session.engine, container.id);
      } catch (error) {
        session.onEvent({ type: 'status', resource: 'container', name: container.name, state: 'error', text: `Error while ${working}`, details: error instanceof Error ? error.message : String(error) });
        throw error;
      }
      session.onEvent({ type: 'status', resource: 'container', name: container.name, state: 'done', text: done });
    }),
  );
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
