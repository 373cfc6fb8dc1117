/**
 * Checks a plan's shape before anything runs, so a planner bug fails before
 * the first mutation: unique step IDs, `after` naming existing steps, no
 * cycles, and every `{ step: n }` container reference naming a create step
 * that is done before the step that uses it.
 */
import { BerthError } from '../errors.js';
import type { ContainerRef, Operation, Plan, PlanStep } from '../plan/plan.js';

export interface CheckedPlan {
  readonly steps: ReadonlyMap<number, PlanStep>;
  /** Every step that must be done before the key step (transitively). */
  readonly ancestors: ReadonlyMap<number, ReadonlySet<number>>;
}

function planBug(message: string): BerthError {
  return new BerthError('invalid_argument', `invalid plan: ${message}; this is a bug in berth's planner, please report it with the output of \`berth up --dry-run --format json\``);
}

/** The container references an operation holds. */
export function containerRefsOf(operation: Operation): readonly ContainerRef[] {
  switch (operation.kind) {
    case 'create-network':
    case 'remove-network':
    case 'create-volume':
    case 'remove-volume':
      return [];
    case 'create-container':
      return [...(operation.inheritVolumesFrom ? [operation.inheritVolumesFrom] : []), ...(operation.references ?? []).map((reference) => reference.container)];
    case 'start-container':
    case 'stop-container':
    case 'remove-container':
    case 'rename-container':
    case 'connect-network':
    case 'disconnect-network':
      return [operation.container];
    default: {
      const unreachable: never = operation;
      throw planBug(`unknown operation ${JSON.stringify(unreachable)}`);
    }
  }
}

export function checkPlan(plan: Plan): CheckedPlan {
  const steps = new Map<number, PlanStep>();
  for (const step of plan.steps) {
    if (steps.has(step.id)) throw planBug(`two steps have the ID ${step.id}`);
    steps.set(step.id, step);
  }
  for (const step of plan.steps) {
    for (const before of step.after) {
      if (!steps.has(before)) throw planBug(`step ${step.id} comes after step ${before}, which does not exist`);
      if (before === step.id) throw planBug(`step ${step.id} comes after itself`);
    }
  }

  const ancestors = new Map<number, ReadonlySet<number>>();
  const visiting = new Set<number>();
  const ancestorsOf = (id: number): ReadonlySet<number> => {
    const known = ancestors.get(id);
    if (known) return known;
    if (visiting.has(id)) throw planBug(`steps form a cycle through step ${id}`);
    visiting.add(id);
    const result = new Set<number>();
    for (const before of steps.get(id)?.after ?? []) {
      result.add(before);
      for (const earlier of ancestorsOf(before)) result.add(earlier);
    }
    visiting.delete(id);
    ancestors.set(id, result);
    return result;
  };
  for (const step of plan.steps) ancestorsOf(step.id);

  for (const step of plan.steps) {
    for (const ref of containerRefsOf(step.operation)) {
      if (!('step' in ref)) continue;
      const creator = steps.get(ref.step);
      if (creator?.operation.kind !== 'create-container') {
        throw planBug(`step ${step.id} names container ${ref.name} by step ${ref.step}, which does not create a container`);
      }
      if (!ancestorsOf(step.id).has(ref.step)) {
        throw planBug(`step ${step.id} uses container ${ref.name} from step ${ref.step} without coming after it`);
      }
    }
  }
  return { steps, ancestors };
}
