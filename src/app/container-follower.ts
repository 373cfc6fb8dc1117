/**
 * Follows the output of a project's containers the way attached `up` and
 * `logs -f` show it: each container's lines, prefixed; `web-1 exited with
 * code N` when one stops (`(restarting)` when its restart policy brings it
 * back); containers that start later — restarted by their policy, recreated,
 * scaled up — picked up through the engine's events and read from the
 * moment they started, so nothing is lost across restarts.
 *
 * Lifecycle: create → `attach()` the containers that exist (before they
 * start, so no early line is lost) → `run()` until every watched container
 * has exited for good, or the signal aborts.
 */
import type { ContainerSummary, Engine, EngineEvent, ProcessStreams } from '../engine/index.js';
import { ONEOFF_LABEL, ONEOFF_TRUE, PROJECT_LABEL, SERVICE_LABEL } from '../plan/index.js';
import { LineSplitter } from '../engine/line-splitter.js';
import { shortName } from './selection.js';
import type { LogSink } from './session.js';

export interface FollowedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
}

export interface ContainerExit {
  readonly container: FollowedContainer;
  readonly exitCode: number;
  /** The engine restarts it (restart policy). */
  readonly restarting: boolean;
}

export interface FollowerOptions {
  readonly engine: Engine;
  readonly projectName: string;
  readonly logs: LogSink;
  /** Services whose containers are shown and watched. */
  readonly services: ReadonlySet<string>;
  /** Stops following. */
  readonly signal: AbortSignal;
  /** Unix seconds: engine events from this moment on are considered (take it before the first start). */
  readonly since: number;
  /** `logs -f --timestamps`: ask the engine for its timestamps on lines read from logs. */
  readonly timestamps?: boolean | undefined;
  /** Called once a container's exit has been printed. */
  readonly onExit?: ((exit: ContainerExit) => void) | undefined;
  /** Attached `up` prints exits; `logs -f` does not. */
  readonly printExits?: boolean | undefined;
}

interface Watched {
  readonly container: FollowedContainer;
  /** The output being read now; resolves when it ends. */
  reading: Promise<void> | undefined;
  exited: boolean;
  /** When it last died (Unix seconds): a restart's output is read from then on. */
  lastExitTime: number | undefined;
}

// How long an exit waits for the container's last output before it is printed anyway.
const DRAIN_LIMIT_MS = 2000;

export class ContainerFollower {
  private readonly watched = new Map<string, Watched>();
  private finished: (() => void) | undefined;

  constructor(private readonly options: FollowerOptions) {}

  /** Containers it watches (for exit codes). */
  containers(): FollowedContainer[] {
    return [...this.watched.values()].map((entry) => entry.container);
  }

  /** Attaches to a container's output; call before starting it. A running container shows only new output. */
  async attach(summary: ContainerSummary): Promise<void> {
    const container = this.followed(summary);
    if (container === undefined) return;
    const entry = this.entry(container);
    // Every attached container runs once the start phase is through.
    entry.exited = false;
    const streams = await this.options.engine.containers.attach(container.id, { signal: this.options.signal });
    entry.reading = this.readStreams(container, streams);
  }

  /** Reads the logs of containers that already run or ran (`logs -f`). */
  async followLogs(summary: ContainerSummary, options: { tail?: number | 'all' | undefined; since?: string | undefined }): Promise<void> {
    const container = this.followed(summary);
    if (container === undefined) return;
    const entry = this.entry(container);
    entry.exited = summary.state !== 'running' && summary.state !== 'restarting';
    entry.reading = this.readLogs(container, { since: options.since, tail: options.tail });
  }

  /**
   * Follows events until every watched container has exited for good (then
   * resolves true), or the signal aborts (resolves false).
   */
  async run(): Promise<boolean> {
    const { engine, projectName, signal } = this.options;
    if (signal.aborted) return false;
    const allDone = new Promise<void>((resolve) => {
      this.finished = resolve;
    });
    this.checkFinished();
    const events = (async () => {
      try {
        for await (const event of engine.events.stream({ labels: { [PROJECT_LABEL]: projectName }, since: this.options.since, signal })) {
          await this.handle(event);
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    })();
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([allDone, aborted, events]);
    return !signal.aborted;
  }

  /** Waits until the output read so far has been printed (bounded). */
  async drain(): Promise<void> {
    await Promise.all([...this.watched.values()].map((entry) => this.drainOne(entry)));
  }

  private followed(summary: { id: string; name: string; labels: Readonly<Record<string, string>> }): FollowedContainer | undefined {
    if (summary.labels[ONEOFF_LABEL] === ONEOFF_TRUE) return undefined;
    const service = summary.labels[SERVICE_LABEL];
    if (service === undefined || !this.options.services.has(service)) return undefined;
    const container = { id: summary.id, name: shortName(this.options.projectName, summary.name), service };
    this.options.logs.register([container.name]);
    return container;
  }

  private entry(container: FollowedContainer): Watched {
    let entry = this.watched.get(container.id);
    if (entry === undefined) {
      entry = { container, reading: undefined, exited: false, lastExitTime: undefined };
      this.watched.set(container.id, entry);
    }
    return entry;
  }

  private async handle(event: EngineEvent): Promise<void> {
    if (event.type !== 'container') return;
    switch (event.action) {
      case 'start':
      case 'restart': {
        const known = this.watched.get(event.id);
        if (known !== undefined && !known.exited && known.reading !== undefined) return;
        const container = known?.container ?? this.followed({ id: event.id, name: event.name, labels: event.labels });
        if (container === undefined) return;
        const entry = this.entry(container);
        entry.exited = false;
        await this.drainOne(entry);
        // Not its StartedAt: the engine may stamp the first line a moment before it records the start.
        const since = entry.lastExitTime ?? this.options.since;
        entry.reading = this.readLogs(container, { since: since.toFixed(6) });
        return;
      }
      case 'die': {
        const entry = this.watched.get(event.id);
        if (entry === undefined || entry.exited) return;
        await this.drainOne(entry);
        const info = await this.options.engine.containers.inspect(event.id);
        const restarting = info?.state === 'restarting';
        if (this.options.printExits !== false) {
          this.options.logs.status(entry.container.name, `exited with code ${event.exitCode}${restarting ? ' (restarting)' : ''}`);
        }
        if (!restarting) entry.exited = true;
        entry.reading = undefined;
        entry.lastExitTime = event.time;
        this.options.onExit?.({ container: entry.container, exitCode: event.exitCode, restarting });
        this.checkFinished();
        return;
      }
      case 'destroy': {
        const entry = this.watched.get(event.id);
        if (entry === undefined) return;
        entry.exited = true;
        this.checkFinished();
        return;
      }
      case 'create':
      case 'stop':
      case 'kill':
      case 'pause':
      case 'unpause':
      case 'oom':
      case 'rename':
      case 'health_status':
        return;
      default: {
        const unknown: never = event;
        throw new Error(`unknown container event ${JSON.stringify(unknown)}`);
      }
    }
  }

  private checkFinished(): void {
    if (this.watched.size === 0) return;
    if ([...this.watched.values()].every((entry) => entry.exited)) this.finished?.();
  }

  private async drainOne(entry: Watched): Promise<void> {
    if (entry.reading === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DRAIN_LIMIT_MS);
    });
    await Promise.race([entry.reading, limit]);
    clearTimeout(timer);
  }

  private async readStreams(container: FollowedContainer, streams: ProcessStreams): Promise<void> {
    const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
    try {
      for await (const chunk of streams.output) {
        for (const line of splitters[chunk.stream].push(chunk.data)) this.options.logs.line(container.name, line, { stream: chunk.stream });
      }
    } catch (error) {
      if (!this.options.signal.aborted) this.options.logs.status(container.name, `output could not be read: ${(error as Error).message}`);
    } finally {
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = splitters[stream].flush();
        if (rest !== undefined) this.options.logs.line(container.name, rest, { stream });
      }
      streams.close();
    }
  }

  private async readLogs(container: FollowedContainer, options: { since?: string | undefined; tail?: number | 'all' | undefined }): Promise<void> {
    const timestamps = this.options.timestamps === true;
    try {
      const entries = this.options.engine.containers.logs(container.id, {
        follow: true,
        since: options.since,
        tail: options.tail,
        timestamps,
        signal: this.options.signal,
      });
      for await (const entry of entries) {
        this.options.logs.line(container.name, entry.text, { stream: entry.stream, timestamp: timestamps ? entry.timestamp : undefined });
      }
    } catch (error) {
      if (!this.options.signal.aborted) this.options.logs.status(container.name, `output could not be read: ${(error as Error).message}`);
    }
  }
}
