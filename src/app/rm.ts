/**
 * `berth rm`: removes the services' stopped containers (one-offs are left
 * to `down --remove-orphans`, as in Compose). `-s` stops them first; without
 * `-f` the user confirms the list. `-v` also removes their anonymous volumes.
 */
import { PlanBuilder } from '../plan/index.js';
import { runPlan } from './plan-phase.js';
import { withoutOrphans } from './container-actions.js';
import { findContainers } from './project-containers.js';
import type { Session, TextSink } from './session.js';
import { stop } from './start-stop.js';
import { targetName, type ProjectTarget } from './target.js';
import { SERVICE_LABEL } from '../plan/index.js';

export interface RmOptions {
  readonly services: readonly string[];
  /** `-f`: no confirmation. */
  readonly force: boolean;
  /** `-s`: stop running containers first. */
  readonly stop: boolean;
  /** `-v`: remove their anonymous volumes too. */
  readonly volumes: boolean;
}

export interface RmIo {
  readonly stdout: TextSink;
  /** Asks the user; resolves true for yes. Only called without `-f`. */
  readonly confirm: (question: string) => Promise<boolean>;
}

/** Resolves the names of the removed containers (none when there were none, or the user said no). */
export async function rm(target: ProjectTarget, session: Session, options: RmOptions, io: RmIo): Promise<string[]> {
  if (options.stop) await stop(target, session, { services: options.services });
  const candidates = withoutOrphans(target, await findContainers(session.engine, target, { services: options.services, oneOff: 'exclude', stopped: true }), false);
  // The listing's state may be stale (a restart policy, a container stopping right now): ask the engine.
  const inspected = await Promise.all(candidates.map(async (container) => ({ container, info: await session.engine.containers.inspect(container.id) })));
  const stopped = inspected.filter(({ info }) => info !== undefined && info.state !== 'running' && info.state !== 'restarting' && info.state !== 'paused').map(({ container }) => container);
  if (stopped.length === 0) {
    session.notice('No stopped containers');
    return [];
  }
  const names = stopped.map((container) => container.name);
  const message = `Going to remove ${names.join(', ')}`;
  if (options.force) io.stdout.write(`${message}\n`);
  else if (!(await io.confirm(`${message}? [y/N] `))) return [];

  const lock = await session.lock(targetName(target));
  try {
    const builder = new PlanBuilder(targetName(target));
    for (const container of stopped) {
      builder.add({ kind: 'remove-container', service: container.labels[SERVICE_LABEL] ?? '', container: { id: container.id, name: container.name }, removeVolumes: options.volumes }, 'rm');
    }
    await runPlan(session, builder.build(), { title: 'rm' });
  } finally {
    await lock.release();
  }
  return names;
}
