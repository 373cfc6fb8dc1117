/**
 * Waits until a set of containers meets a condition, driven by engine
 * events rather than polling: one inspect of each container first (so one
 * that is already healthy or exited counts at once), then one inspect per
 * relevant event of a container still pending. The event stream starts at
 * the most recent lifecycle time of the pending containers, so whatever
 * happened between that first inspect and the subscription is replayed, not
 * lost. Inspects are the truth; events only say when to look again.
 */
import { BerthError } from '../errors.js';
import type { ContainerInfo, Engine, EngineEvent } from '../engine/index.js';
import { PROJECT_LABEL } from '../plan/labels.js';
import { cancelledError, linkedController, raceAbort } from './abort.js';
import type { ContainerCondition, Verdict } from './container-conditions.js';

export interface WatchTarget {
  readonly id: string;
  readonly name: string;
}

export type SettledVerdict = Extract<Verdict, { kind: 'satisfied' }>;

/** A container failed its condition for good (unhealthy, exited, removed…). */
export class ConditionFailed extends Error {
  override readonly name = 'ConditionFailed';
  constructor(
    readonly target: WatchTarget,
    readonly reason: string,
    readonly exitCode: number | undefined,
  ) {
    super(reason);
  }
}

export interface WatchOptions {
  readonly projectName: string;
  readonly containers: readonly WatchTarget[];
  readonly condition: ContainerCondition;
  /** Aborting rejects with a `cancelled` BerthError. */
  readonly signal: AbortSignal;
  /** What the wait is for, in the cancelled message. */
  readonly what: string;
  readonly onSatisfied?: ((target: WatchTarget, verdict: SettledVerdict) => void) | undefined;
}

// Actions after which a container's state or health may have changed.
const RELEVANT_ACTIONS: ReadonlySet<string> = new Set(['health_status', 'die', 'start', 'stop', 'kill', 'restart', 'destroy', 'oom', 'pause', 'unpause']);

/** Resolves once every container meets the condition; rejects with ConditionFailed at the first that cannot. */
export async function watchContainers(engine: Engine, options: WatchOptions): Promise<void> {
  const { signal, condition, what } = options;
  const pending = new Map(options.containers.map((target) => [target.id, target]));
  const lifecycleSeconds: number[] = [];

  const judge = (target: WatchTarget, info: ContainerInfo | undefined): void => {
    const verdict = condition(info, target.name);
    switch (verdict.kind) {
      case 'pending':
        return;
      case 'satisfied':
        pending.delete(target.id);
        options.onSatisfied?.(target, verdict);
        return;
      case 'failed':
        pending.delete(target.id);
        throw new ConditionFailed(target, verdict.reason, verdict.exitCode);
      default: {
        const unreachable: never = verdict;
        throw new Error(`unknown verdict ${JSON.stringify(unreachable)}`);
      }
    }
  };

  const first = await raceAbort(
    Promise.all(options.containers.map(async (target) => [target, await engine.containers.inspect(target.id)] as const)),
    signal,
    what,
  );
  for (const [target, info] of first) {
    judge(target, info);
    const seconds = info === undefined ? Number.NaN : latestLifecycleSeconds(info);
    if (pending.has(target.id) && Number.isFinite(seconds)) lifecycleSeconds.push(seconds);
  }
  if (pending.size === 0) return;

  using controller = linkedController(signal);
  try {
    const since = lifecycleSeconds.length > 0 ? Math.min(...lifecycleSeconds) : undefined;
    const stream = engine.events.stream({
      labels: { [PROJECT_LABEL]: options.projectName },
      ...(since !== undefined && since > 0 ? { since } : {}),
      signal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    try {
      while (pending.size > 0) {
        const next: IteratorResult<EngineEvent> = await raceAbort(iterator.next(), signal, what);
        if (next.done) break;
        const event = next.value;
        if (event.type !== 'container' || !RELEVANT_ACTIONS.has(event.action)) continue;
        const target = pending.get(event.id);
        if (target === undefined) continue;
        judge(target, await raceAbort(engine.containers.inspect(target.id), signal, what));
      }
    } finally {
      controller.abort();
      // Closing the iterator ends the engine's stream; a failure there changes nothing.
      void Promise.resolve(iterator.return?.()).catch(() => {});
    }
  } catch (error) {
    if (signal.aborted && !(error instanceof ConditionFailed)) throw cancelledError(what);
    throw error;
  }
  if (pending.size > 0) {
    if (signal.aborted) throw cancelledError(what);
    const names = [...pending.values()].map((target) => target.name).join(', ');
    throw new BerthError('engine', `the engine's event stream ended while waiting for ${names}; check that the engine is still running, then try again`);
  }
}

/** Unix seconds of the last thing that happened to the container (created, started or finished). */
function latestLifecycleSeconds(info: ContainerInfo): number {
  const times = [info.createdAt, info.startedAt, info.finishedAt].map((text) => Date.parse(text)).filter((ms) => Number.isFinite(ms) && ms > 0);
  // A second earlier than the engine's time: `since` has whole-second resolution.
  return times.length > 0 ? Math.floor(Math.max(...times) / 1000) - 1 : Number.NaN;
}
