/**
 * Carries out a plan on an engine. A step runs as soon as every step in its
 * `after` list is done, up to `parallel` engine calls at once; a start step
 * first waits for its `awaits` conditions (without holding a slot, so a
 * waiting start never blocks the dependency it waits for). Containers
 * created here are named by the step that made them until then; their IDs
 * are filled in as the create steps finish.
 *
 * At the first failure no new step starts, steps already calling the engine
 * finish, waits are abandoned, and the promise rejects with that failure.
 * On abort the promise rejects at once with `cancelled`; engine calls in
 * flight are abandoned (the next `up` converges whatever they leave).
 */
import { performance } from 'node:perf_hooks';
import { BerthError } from '../errors.js';
import { isEngineError, type ContainerSpec, type Engine } from '../engine/index.js';
import type { ContainerRef, Operation, Plan, PlanStep } from '../plan/plan.js';
import { cancelledError, linkedController, raceAbort } from './abort.js';
import { describeCondition, waitForCondition } from './dependency-wait.js';
import { describeOperation, serviceOf, type StepDescription } from './describe-step.js';
import { ApplyError, type ApplyResult } from './errors.js';
import type { ApplyEvent } from './events.js';
import { ANONYMOUS_VOLUME, withInheritedVolumes } from './inherit-volumes.js';
import { createLimiter, type Limiter } from './limiter.js';
import { copyFilesIn } from './container-files.js';
import { RecreateGroups } from './recreate-groups.js';
import { runHooks } from './hooks.js';
import { resolveSpecReferences } from '../plan/spec-references.js';
import { checkPlan, type CheckedPlan } from './validate-plan.js';

export interface ApplyOptions {
  /** At most this many engine calls at once (`--parallel`, `COMPOSE_PARALLEL_LIMIT`); unlimited when absent. */
  readonly parallel?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((event: ApplyEvent) => void) | undefined;
  /** Bounds each wait for a dependency's condition (`--wait-timeout`); unbounded when absent. */
  readonly conditionTimeoutMs?: number | undefined;
  /** A monotonic clock in milliseconds, for `elapsedMs`; `performance.now` when absent. */
  readonly clock?: (() => number) | undefined;
}

export type { ApplyResult } from './errors.js';

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

export async function applyPlan(plan: Plan, engine: Engine, options: ApplyOptions = {}): Promise<ApplyResult> {
  const checked = checkPlan(plan);
  return new PlanRun(plan, checked, engine, options).run();
}

class PlanRun {
  private readonly limiter: Limiter;
  // The engine allocates ports from a published range non-atomically, so
  // containers publishing a range start one at a time (Compose serialises
  // every start for this; berth only the ones that need it).
  private readonly rangeStarts = createLimiter(1);
  private readonly clock: () => number;
  private readonly stop: AbortController & Disposable;
  private readonly doneSteps = new Map<number, Deferred>();
  private readonly started = new Set<number>();
  private readonly running = new Map<number, Promise<void>>();
  private readonly containerIds = new Map<number, string>();
  private readonly completed: number[] = [];
  private readonly recreates: RecreateGroups;
  private readonly warnings: string[] = [];
  private failure: { readonly error: unknown; readonly step: number } | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly checked: CheckedPlan,
    private readonly engine: Engine,
    private readonly options: ApplyOptions,
  ) {
    this.limiter = createLimiter(options.parallel);
    this.clock = options.clock ?? (() => performance.now());
    this.stop = linkedController(options.signal);
    for (const step of plan.steps) this.doneSteps.set(step.id, deferred());
    this.recreates = new RecreateGroups(plan);
  }

  async run(): Promise<ApplyResult> {
    const { signal } = this.options;
    try {
      if (signal?.aborted) throw this.cancelled();
      const aborted = new Promise<'aborted'>((resolve) => {
        if (signal) signal.addEventListener('abort', () => resolve('aborted'), { once: true });
      });
      for (;;) {
        if (this.failure === undefined) this.launchReady();
        if (this.running.size === 0) break;
        const outcome = await Promise.race([...this.running.values(), aborted]);
        if (outcome === 'aborted') throw this.cancelled();
      }
      if (this.failure !== undefined) throw this.failed(this.failure.error, this.failure.step);
      return this.result();
    } finally {
      this.stop.abort();
      this.stop[Symbol.dispose]();
    }
  }

  private result(): ApplyResult {
    return { containerIds: new Map(this.containerIds), completedSteps: [...this.completed], warnings: [...this.warnings] };
  }

  private cancelled(): ApplyError {
    const cause = cancelledError(`applying the plan for project ${this.plan.project}`);
    return new ApplyError('cancelled', cause.message, { step: undefined, result: this.result(), cause });
  }

  private failed(error: unknown, step: number): ApplyError {
    if (error instanceof ApplyError) return error;
    const code = error instanceof BerthError ? error.code : 'engine';
    const message = error instanceof Error ? error.message : String(error);
    return new ApplyError(code, message, { step, result: this.result(), cause: error });
  }

  private emit(event: ApplyEvent): void {
    this.options.onEvent?.(event);
  }

  private launchReady(): void {
    for (const step of this.plan.steps) {
      if (this.started.has(step.id)) continue;
      if (!step.after.every((id) => this.completedSet.has(id))) continue;
      this.started.add(step.id);
      this.running.set(
        step.id,
        this.runStep(step).finally(() => this.running.delete(step.id)),
      );
    }
  }

  private readonly completedSet = new Set<number>();

  private async runStep(step: PlanStep): Promise<void> {
    const description = describeOperation(step.operation);
    try {
      await this.perform(step, description);
      this.completedSet.add(step.id);
      this.completed.push(step.id);
      this.doneSteps.get(step.id)?.resolve();
    } catch (error) {
      // A wait abandoned because the plan stopped is not a failure of its own.
      if (this.stop.signal.aborted && error instanceof BerthError && error.code === 'cancelled') return;
      const message = error instanceof Error ? error.message : String(error);
      this.emit(this.recreates.failed(step, message) ?? { type: 'step-failed', step: step.id, resource: description.resource, name: description.name, action: description.action, message });
      if (this.failure === undefined) {
        this.failure = { error, step: step.id };
        this.stop.abort();
      }
    }
  }

  /** One engine call for a step: holds a parallel slot, and is abandoned (not awaited) on the caller's abort. */
  private call<T>(description: StepDescription, task: () => Promise<T>): Promise<T> {
    return raceAbort(this.limiter(task), this.options.signal, `${description.action} ${description.resource} ${description.name}`);
  }

  private async perform(step: PlanStep, description: StepDescription): Promise<void> {
    const operation = step.operation;
    if (operation.kind === 'start-container' && operation.awaits.length > 0) {
      await this.awaitConditions(step, operation);
    }
    if (this.stop.signal.aborted) throw cancelledError(`step ${step.id}`);
    const startedAt = this.clock();
    const started = this.recreates.started(step, startedAt);
    if (started === null) this.emit({ type: 'step-started', step: step.id, resource: description.resource, name: description.name, action: description.action });
    else if (started !== undefined) this.emit(started);
    await this.execute(step.id, operation, description);
    const done = this.recreates.done(step, this.clock());
    if (done === null) this.emit({ type: 'step-done', step: step.id, resource: description.resource, name: description.name, action: description.action, elapsedMs: Math.max(0, this.clock() - startedAt) });
    else if (done !== undefined) this.emit(done);
  }

  private async execute(stepId: number, operation: Operation, description: StepDescription): Promise<void> {
    const { engine } = this;
    switch (operation.kind) {
      case 'create-network':
        await this.call(description, () => engine.networks.create(operation.spec));
        return;
      case 'remove-network':
        await this.call(description, () => this.tolerate(engine.networks.remove(operation.name), `network ${operation.name}`));
        return;
      case 'create-volume':
        await this.call(description, () => engine.volumes.create(operation.spec));
        return;
      case 'remove-volume':
        await this.call(description, () => this.tolerate(engine.volumes.remove(operation.name), `volume ${operation.name}`));
        return;
      case 'create-container': {
        const id = await this.call(description, async () => {
          // References first: they recompute the config hash, which must not see inherited volumes.
          let spec = resolveSpecReferences(operation.spec, operation.references, (reference) => this.resolve(reference.container));
          if (operation.inheritVolumesFrom !== undefined) {
            const old = await engine.containers.inspect(this.resolve(operation.inheritVolumesFrom));
            if (old !== undefined) spec = withInheritedVolumes(spec, old.mounts);
          }
          return engine.containers.create(spec);
        });
        this.containerIds.set(stepId, id);
        return;
      }
      case 'start-container': {
        const id = this.resolve(operation.container);
        const name = operation.container.name;
        const start = async (): Promise<void> => {
          // Before every start, as Compose does: a restarted container gets the current values.
          await copyFilesIn(engine, id, name, operation.files ?? []);
          await engine.containers.start(id);
        };
        const spec = this.specOf(operation.container);
        await this.call(description, () => (spec !== undefined && publishesRange(spec) ? this.rangeStarts(start) : start()));
        // Outside the parallel slot: a hook may take long, and holds no engine call but its own exec.
        const hooks = operation.postStart ?? [];
        if (hooks.length > 0) await raceAbort(runHooks(engine, { containerId: id, containerName: name, service: operation.service, phase: 'post_start' }, hooks, this.stop.signal), this.options.signal, `post_start hooks of ${name}`);
        return;
      }
      case 'stop-container': {
        const id = this.resolve(operation.container);
        const hooks = operation.preStop ?? [];
        if (hooks.length > 0) await raceAbort(this.preStop(id, operation.container.name, operation.service, hooks), this.options.signal, `pre_stop hooks of ${operation.container.name}`);
        await this.call(description, () => ignoreNotFound(engine.containers.stop(id, { timeoutSeconds: operation.timeoutSeconds })));
        return;
      }
      case 'remove-container': {
        const id = this.resolve(operation.container);
        await this.call(description, () => (operation.removeVolumes ? this.removeWithAnonymousVolumes(id) : ignoreNotFound(engine.containers.remove(id, { force: true }))));
        return;
      }
      case 'disconnect-network': {
        const id = this.resolve(operation.container);
        await this.call(description, () => ignoreNotFound(engine.networks.disconnect(operation.network, id, { force: true })));
        return;
      }
      case 'connect-network': {
        const id = this.resolve(operation.container);
        await this.call(description, () => engine.networks.connect(operation.network, id, operation.endpoint));
        return;
      }
      case 'rename-container': {
        const id = this.resolve(operation.container);
        await this.call(description, () => engine.containers.rename(id, operation.to));
        return;
      }
      default: {
        const unreachable: never = operation;
        throw new Error(`unknown operation ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** A container already stopped or gone has nothing to run a pre_stop hook in: that is not a failure (Compose ignores it too). */
  private async preStop(id: string, name: string, service: string, hooks: NonNullable<Extract<Operation, { kind: 'stop-container' }>['preStop']>): Promise<void> {
    try {
      await runHooks(this.engine, { containerId: id, containerName: name, service, phase: 'pre_stop' }, hooks, this.stop.signal);
    } catch (error) {
      if (isEngineError(error, 'not_found') || isEngineError(error, 'conflict')) return;
      throw error;
    }
  }

  /** Removal is idempotent; a network or volume still in use is left in place with a warning (as Compose's `down` does). */
  private async tolerate(removal: Promise<void>, what: string): Promise<void> {
    try {
      await removal;
    } catch (error) {
      if (isEngineError(error, 'not_found')) return;
      if (isEngineError(error, 'conflict')) {
        this.warn(`${what} is still in use and was left in place; remove it once nothing uses it`);
        return;
      }
      throw error;
    }
  }

  /**
   * `rm -v`: the engine removes the anonymous volumes it made for the
   * container, but not one a recreated container inherited by name (Docker
   * before 23 counts those as named), so those are removed here; one still
   * used by another container stays.
   */
  private async removeWithAnonymousVolumes(id: string): Promise<void> {
    const info = await this.engine.containers.inspect(id);
    await ignoreNotFound(this.engine.containers.remove(id, { force: true, volumes: true }));
    const anonymous = (info?.mounts ?? []).flatMap((mount) => (mount.type === 'volume' && mount.name !== undefined && ANONYMOUS_VOLUME.test(mount.name) ? [mount.name] : []));
    await Promise.all(
      anonymous.map(async (name) => {
        try {
          await this.engine.volumes.remove(name);
        } catch (error) {
          if (!isEngineError(error, 'not_found') && !isEngineError(error, 'conflict')) throw error;
        }
      }),
    );
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.emit({ type: 'warning', message });
  }

  private resolve(ref: ContainerRef): string {
    if ('id' in ref) return ref.id;
    const id = this.containerIds.get(ref.step);
    // checkPlan guarantees the create step is an ancestor, hence done.
    if (id === undefined) throw new BerthError('invalid_argument', `invalid plan: container ${ref.name} from step ${ref.step} was not created before it was used`);
    return id;
  }

  private specOf(ref: ContainerRef): ContainerSpec | undefined {
    if (!('step' in ref)) return undefined;
    const operation = this.checked.steps.get(ref.step)?.operation;
    return operation?.kind === 'create-container' ? operation.spec : undefined;
  }

  private async awaitConditions(step: PlanStep, operation: Extract<Operation, { kind: 'start-container' }>): Promise<void> {
    const description = describeOperation(operation);
    await Promise.all(
      operation.awaits.map((condition) => {
        this.emit({ type: 'step-waiting', step: step.id, resource: description.resource, name: description.name, waitingFor: describeCondition(condition) });
        return waitForCondition(
          {
            engine: this.engine,
            projectName: this.plan.project,
            dependent: operation.service,
            dependencyStepsDone: (service) => this.dependencyStepsDone(step.id, service),
            signal: this.stop.signal,
            timeoutMs: this.options.conditionTimeoutMs,
            warn: (message) => this.warn(message),
          },
          condition,
        );
      }),
    );
  }

  /**
   * Every step of `service` in this plan, except those that come after the
   * waiting step (waiting for them would never end).
   */
  private dependencyStepsDone(waitingStep: number, service: string): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const step of this.plan.steps) {
      if (step.id === waitingStep || serviceOf(step.operation) !== service) continue;
      if (this.checked.ancestors.get(step.id)?.has(waitingStep)) continue;
      const done = this.doneSteps.get(step.id);
      if (done) waits.push(done.promise);
    }
    return Promise.all(waits).then(() => undefined);
  }
}

function publishesRange(spec: ContainerSpec): boolean {
  return spec.host.portBindings.some((binding) => binding.hostPort.includes('-'));
}

async function ignoreNotFound(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isEngineError(error, 'not_found')) throw error;
  }
}
