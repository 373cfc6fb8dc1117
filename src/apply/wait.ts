/**
 * `up --wait`: every container of the given services becomes healthy (or
 * running, without a healthcheck). Unlike Compose, a container that exited
 * 0 and that the engine will not restart (restart policy `no`) counts as a
 * finished one-shot job rather than a failure (docker/compose#10596).
 * `completed_successfully` services (depended on with that condition) must
 * exit 0. On failure the error names the service and carries the last log
 * lines of the container that failed.
 */
import { performance } from 'node:perf_hooks';
import { BerthError } from '../errors.js';
import type { ContainerSummary, Engine } from '../engine/index.js';
import { ONEOFF_LABEL, ONEOFF_TRUE, PROJECT_LABEL, SERVICE_LABEL } from '../plan/labels.js';
import { cancelledError, linkedController, raceAbort, timeoutPromise } from './abort.js';
import { completedSuccessfully, readyOrCompletedJob } from './container-conditions.js';
import type { ApplyEvent } from './events.js';
import { ConditionFailed, watchContainers, type WatchTarget } from './watch-containers.js';

export type ServiceWaitCondition = 'healthy_or_running' | 'completed_successfully';

export interface ServiceWait {
  readonly service: string;
  readonly condition: ServiceWaitCondition;
}

export interface WaitOptions {
  /** `--wait-timeout`; unbounded when absent. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Each container is one step (numbered from 1 in service, then name order): waiting, then done or failed. */
  readonly onEvent?: ((event: ApplyEvent) => void) | undefined;
  /** A monotonic clock in milliseconds, for `elapsedMs`; `performance.now` when absent. */
  readonly clock?: (() => number) | undefined;
  /** How many log lines of a failed container the error carries; 20 when absent. */
  readonly logLines?: number | undefined;
}

interface Waiting {
  readonly service: ServiceWait;
  readonly target: WatchTarget;
  readonly step: number;
}

export async function waitForServices(engine: Engine, projectName: string, services: readonly ServiceWait[], options: WaitOptions = {}): Promise<void> {
  const clock = options.clock ?? (() => performance.now());
  const startedAt = clock();
  const what = `waiting for project ${projectName}`;
  if (options.signal?.aborted) throw cancelledError(what);
  if (services.length === 0) return;

  const summaries = await raceAbort(engine.containers.list({ labels: { [PROJECT_LABEL]: projectName }, all: true }), options.signal, what);
  const waiting = containersToWait(summaries, services);
  const settled = new Set<number>();
  const emit = (event: ApplyEvent): void => options.onEvent?.(event);
  for (const item of waiting) {
    emit({ type: 'step-waiting', step: item.step, resource: 'container', name: item.target.name, waitingFor: describeWait(item.service.condition) });
  }

  using controller = linkedController(options.signal);
  const watches = services.map((service) => {
    const mine = waiting.filter((item) => item.service === service);
    const byId = new Map(mine.map((item) => [item.target.id, item]));
    return watchContainers(engine, {
      projectName,
      containers: mine.map((item) => item.target),
      condition: service.condition === 'completed_successfully' ? completedSuccessfully : readyOrCompletedJob,
      signal: controller.signal,
      what,
      onSatisfied: (target) => {
        const item = byId.get(target.id);
        if (item === undefined) return;
        settled.add(item.step);
        emit({ type: 'step-done', step: item.step, resource: 'container', name: target.name, action: 'wait', elapsedMs: Math.max(0, clock() - startedAt) });
      },
    }).catch((error: unknown) => {
      if (error instanceof ConditionFailed) {
        const item = byId.get(error.target.id);
        if (item) emit({ type: 'step-failed', step: item.step, resource: 'container', name: error.target.name, action: 'wait', message: error.reason });
      }
      throw error;
    });
  });

  const timedOut = new BerthError('dependency_failed', 'timeout');
  try {
    await Promise.race([Promise.all(watches), timeoutPromise(options.timeoutMs, controller.signal, () => timedOut)]);
  } catch (error) {
    controller.abort();
    for (const watch of watches) watch.catch(() => {});
    if (options.signal?.aborted) throw cancelledError(what);
    if (error === timedOut) {
      const pending = waiting.filter((item) => !settled.has(item.step));
      throw await timeoutError(engine, pending, options);
    }
    if (error instanceof ConditionFailed) {
      const item = waiting.find((candidate) => candidate.target.id === error.target.id);
      throw await failureError(engine, item, error, options);
    }
    throw error;
  } finally {
    controller.abort();
  }
}

function containersToWait(summaries: readonly ContainerSummary[], services: readonly ServiceWait[]): Waiting[] {
  const waiting: Waiting[] = [];
  for (const service of services) {
    const targets = summaries
      .filter((summary) => summary.labels[SERVICE_LABEL] === service.service && summary.labels[ONEOFF_LABEL] !== ONEOFF_TRUE)
      .map((summary) => ({ id: summary.id, name: summary.name }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (targets.length === 0) {
      throw new BerthError('dependency_failed', `service "${service.service}" has no container to wait for; run \`berth up ${service.service}\` first`);
    }
    for (const target of targets) waiting.push({ service, target, step: waiting.length + 1 });
  }
  return waiting;
}

function describeWait(condition: ServiceWaitCondition): string {
  switch (condition) {
    case 'healthy_or_running':
      return 'healthy or running';
    case 'completed_successfully':
      return 'completed successfully';
    default: {
      const unreachable: never = condition;
      throw new Error(`unknown wait condition ${String(unreachable)}`);
    }
  }
}

async function failureError(engine: Engine, item: Waiting | undefined, failure: ConditionFailed, options: WaitOptions): Promise<BerthError> {
  const service = item?.service.service ?? 'unknown';
  const reason =
    item?.service.condition === 'completed_successfully'
      ? `service "${service}" didn't complete successfully: ${failure.reason}`
      : `service "${service}" is not healthy: ${failure.reason}`;
  const logs = await lastLogLines(engine, failure.target, options);
  return new BerthError(failure.exitCode === undefined ? 'dependency_failed' : 'container_exit', `${reason}${logs}`, { cause: failure });
}

async function timeoutError(engine: Engine, pending: readonly Waiting[], options: WaitOptions): Promise<BerthError> {
  const seconds = Number(((options.timeoutMs ?? 0) / 1000).toFixed(3));
  const names = pending.map((item) => `${item.service.service} (${item.target.name})`).join(', ');
  const first = pending[0];
  const logs = first === undefined ? '' : await lastLogLines(engine, first.target, options);
  return new BerthError('dependency_failed', `application not healthy after ${seconds}s: ${names} not ready yet; raise --wait-timeout or check \`berth ps\`${logs}`);
}

/** `\nlast N log lines of X:\n  …`, or nothing when the logs cannot be read. */
async function lastLogLines(engine: Engine, target: WatchTarget, options: WaitOptions): Promise<string> {
  const count = options.logLines ?? 20;
  const lines: string[] = [];
  try {
    for await (const entry of engine.containers.logs(target.id, { tail: count })) lines.push(entry.text);
  } catch {
    return '';
  }
  if (lines.length === 0) return `\n${target.name} wrote no log lines`;
  const shown = lines.slice(-count);
  return `\nlast ${shown.length} log lines of ${target.name}:\n${shown.map((line) => `  ${line}`).join('\n')}`;
}
