/**
 * Compose's `depends_on` conditions, checked before a container starts:
 * first the dependency's own steps in this plan must be done (that alone is
 * `service_started`), then its containers must be healthy
 * (`service_healthy`) or have exited 0 (`service_completed_successfully`).
 * A failed optional (`required: false`) dependency is a warning.
 */
import { BerthError } from '../errors.js';
import type { Engine } from '../engine/index.js';
import { ONEOFF_LABEL, ONEOFF_TRUE, PROJECT_LABEL, SERVICE_LABEL } from '../plan/labels.js';
import type { StartCondition } from '../plan/plan.js';
import { raceAbort, timeoutPromise, linkedController } from './abort.js';
import { completedSuccessfully, healthy } from './container-conditions.js';
import { ConditionFailed, watchContainers } from './watch-containers.js';

export interface DependencyWaitContext {
  readonly engine: Engine;
  readonly projectName: string;
  /** The service whose container waits. */
  readonly dependent: string;
  /** Resolves once every step of the dependency service in this plan is done. */
  readonly dependencyStepsDone: (service: string) => Promise<void>;
  /** Aborted when the plan stops (a failure elsewhere, or the caller's cancellation). */
  readonly signal: AbortSignal;
  readonly timeoutMs?: number | undefined;
  readonly warn: (message: string) => void;
}

/** What a step waits for, as progress output shows it. */
export function describeCondition(condition: StartCondition): string {
  switch (condition.condition) {
    case 'service_started':
      return `${condition.service} to start`;
    case 'service_healthy':
      return `${condition.service} to be healthy`;
    case 'service_completed_successfully':
      return `${condition.service} to complete successfully`;
    default: {
      const unreachable: never = condition.condition;
      throw new Error(`unknown condition ${String(unreachable)}`);
    }
  }
}

export async function waitForCondition(context: DependencyWaitContext, condition: StartCondition): Promise<void> {
  const { engine, signal, dependent } = context;
  const dependency = condition.service;
  const what = `waiting for ${describeCondition(condition)}`;
  await raceAbort(context.dependencyStepsDone(dependency), signal, what);
  if (condition.condition === 'service_started') return;

  const summaries = await raceAbort(
    engine.containers.list({ labels: { [PROJECT_LABEL]: context.projectName, [SERVICE_LABEL]: dependency }, all: true }),
    signal,
    what,
  );
  const targets = summaries
    .filter((summary) => summary.labels[ONEOFF_LABEL] !== ONEOFF_TRUE)
    .map((summary) => ({ id: summary.id, name: summary.name }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (targets.length === 0) {
    const message = `${dependent} is missing dependency ${dependency}`;
    if (condition.required) {
      throw new BerthError('dependency_failed', `${message}: it has no container; run \`berth up ${dependency}\` or remove it from ${dependent}'s depends_on`);
    }
    context.warn(`${message} (optional, so ${dependent} starts anyway)`);
    return;
  }

  using controller = linkedController(signal);
  const check = condition.condition === 'service_healthy' ? healthy : completedSuccessfully;
  try {
    await Promise.race([
      watchContainers(engine, { projectName: context.projectName, containers: targets, condition: check, signal: controller.signal, what }),
      timeoutPromise(context.timeoutMs, controller.signal, () =>
        new BerthError(
          'dependency_failed',
          `timeout waiting for dependencies: ${dependent} waited ${formatSeconds(context.timeoutMs ?? 0)} for ${describeCondition(condition)}; check \`berth ps ${dependency}\` and \`berth logs ${dependency}\`, or allow more time`,
        ),
      ),
    ]);
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    const message =
      condition.condition === 'service_healthy'
        ? `dependency failed to start: ${error.reason}`
        : `service "${dependency}" didn't complete successfully: ${error.reason}`;
    if (!condition.required) {
      context.warn(`optional dependency "${dependency}": ${message}; ${dependent} starts anyway`);
      return;
    }
    throw new BerthError(
      'dependency_failed',
      `${message} (${dependent} waits for ${describeCondition(condition)}); see \`berth logs ${dependency}\``,
      { cause: error },
    );
  } finally {
    controller.abort();
  }
}

function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(3))}s`;
}
