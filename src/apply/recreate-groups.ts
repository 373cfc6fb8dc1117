/**
 * A recreate is several steps (create the replacement, stop and remove the
 * old container, rename); progress shows them as Compose does, one
 * `Recreate` when the first starts and one `Recreated` when the last is done,
 * under the container's name.
 */
import type { Plan, PlanStep } from '../plan/plan.js';
import type { ApplyEvent } from './events.js';

interface Group {
  readonly firstStep: number;
  readonly total: number;
  started: number;
  done: number;
  startedAt: number;
}

export class RecreateGroups {
  readonly #groups = new Map<string, Group>();

  constructor(plan: Plan) {
    for (const step of plan.steps) {
      if (step.recreates === undefined) continue;
      const group = this.#groups.get(step.recreates);
      if (group === undefined) this.#groups.set(step.recreates, { firstStep: step.id, total: 1, started: 0, done: 0, startedAt: 0 });
      else this.#groups.set(step.recreates, { ...group, total: group.total + 1 });
    }
  }

  /** The event a grouped step's start shows (only the group's first), or undefined; `null` when the step is not grouped. */
  started(step: PlanStep, now: number): ApplyEvent | undefined | null {
    const group = this.#group(step);
    if (group === undefined) return null;
    group.started++;
    if (group.started !== 1) return undefined;
    group.startedAt = now;
    return { type: 'step-started', step: group.firstStep, resource: 'container', name: step.recreates ?? '', action: 'recreate' };
  }

  /** The event a grouped step's end shows (only the group's last), or undefined; `null` when the step is not grouped. */
  done(step: PlanStep, now: number): ApplyEvent | undefined | null {
    const group = this.#group(step);
    if (group === undefined) return null;
    group.done++;
    if (group.done !== group.total) return undefined;
    return { type: 'step-done', step: group.firstStep, resource: 'container', name: step.recreates ?? '', action: 'recreate', elapsedMs: Math.max(0, now - group.startedAt) };
  }

  /** The failure of a grouped step, shown as the group's; `null` when the step is not grouped. */
  failed(step: PlanStep, message: string): ApplyEvent | null {
    const group = this.#group(step);
    if (group === undefined) return null;
    return { type: 'step-failed', step: group.firstStep, resource: 'container', name: step.recreates ?? '', action: 'recreate', message };
  }

  #group(step: PlanStep): Group | undefined {
    return step.recreates === undefined ? undefined : this.#groups.get(step.recreates);
  }
}
