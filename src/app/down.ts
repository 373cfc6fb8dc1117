/**
 * `berth down`: stop and remove the project's containers, then its
 * networks; with `-v` its volumes too. Works from the compose file or,
 * without one, from the labels of what exists.
 */
import { downInputFromLabels, downInputFromProject, planDown } from '../plan/index.js';
import { observeByLabels, observeProject } from './observe-project.js';
import { runPlan } from './plan-phase.js';
import type { Session } from './session.js';
import { targetName, type ProjectTarget } from './target.js';

export interface DownOptions {
  readonly services: readonly string[];
  /** `-v`. */
  readonly volumes: boolean;
  readonly removeOrphans: boolean;
  /** `-t`. */
  readonly timeoutSeconds?: number | undefined;
}

export async function down(target: ProjectTarget, session: Session, options: DownOptions): Promise<void> {
  const projectName = targetName(target);
  const lock = await session.lock(projectName);
  try {
    const observed = target.kind === 'model' ? await observeProject(session.engine, target.loaded.project, session.signal) : await observeByLabels(session.engine, projectName, session.signal);
    const input = target.kind === 'model' ? downInputFromProject(target.loaded.project) : downInputFromLabels(projectName, observed);
    const plan = planDown(input, observed, {
      removeVolumes: options.volumes,
      removeOrphans: options.removeOrphans,
      timeoutSeconds: options.timeoutSeconds,
      services: options.services,
    });
    await runPlan(session, plan, { title: 'down' });
  } finally {
    await lock.release();
  }
}
