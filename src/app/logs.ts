/**
 * `berth logs`: the output of the project's containers. Without `-f` the
 * lines of all containers are merged by their engine timestamps (berth's
 * choice: Compose prints one container after another, a known complaint,
 * compose-behaviour.md §5 #6);
 * with `-f` each container streams as it writes, and containers started
 * later (restarts, recreates, scale-ups) are picked up from the events.
 */
import { BerthError } from '../errors.js';
import type { ContainerSummary, LogEntry } from '../engine/index.js';
import { compareText, isOneOff, PROJECT_LABEL, SERVICE_LABEL } from '../plan/index.js';
import { ContainerFollower } from './container-follower.js';
import { checkServiceNames, shortName } from './selection.js';
import type { LogSink, Session } from './session.js';
import { targetName, type ProjectTarget } from './target.js';

export interface LogsOptions {
  readonly services: readonly string[];
  readonly follow: boolean;
  /** `-n/--tail`: lines from the end of each container's log. */
  readonly tail?: number | 'all' | undefined;
  /** `--since` / `--until`: RFC 3339, Unix seconds, or a duration back from now (`42m`). */
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  /** `-t`: show the engine's timestamps. */
  readonly timestamps: boolean;
  /** `--index`: only the container with this number. */
  readonly index?: number | undefined;
}

/** Resolves 0, or 130 when a follow was interrupted. */
export async function logs(target: ProjectTarget, session: Session, options: LogsOptions, sink: LogSink): Promise<number> {
  if (target.kind === 'model') checkServiceNames(target.loaded.project, options.services);
  const projectName = targetName(target);
  const now = session.now();
  const since = options.since === undefined ? undefined : engineTime(options.since, now, '--since');
  const until = options.until === undefined ? undefined : engineTime(options.until, now, '--until');
  const listed = await session.engine.containers.list({ labels: { [PROJECT_LABEL]: projectName }, all: true });
  const containers = listed
    .filter((container) => !isOneOff(container))
    .filter((container) => options.services.length === 0 || options.services.includes(container.labels[SERVICE_LABEL] ?? ''))
    .filter((container) => options.index === undefined || container.labels['com.docker.compose.container-number'] === String(options.index))
    .sort((a, b) => compareText(a.name, b.name));
  sink.register(containers.map((container) => shortName(projectName, container.name)));

  if (!options.follow) {
    await printMerged(session, projectName, containers, { since, until, tail: options.tail, timestamps: options.timestamps }, sink);
    return 0;
  }
  const services = new Set(options.services.length > 0 ? options.services : containers.map((container) => container.labels[SERVICE_LABEL] ?? ''));
  if (target.kind === 'model') for (const name of options.services.length > 0 ? [] : Object.keys(target.loaded.project.services)) services.add(name);
  const stop = new AbortController();
  const onInterrupt = (): void => stop.abort();
  session.signal?.addEventListener('abort', onInterrupt, { once: true });
  try {
    const follower = new ContainerFollower({
      engine: session.engine,
      projectName,
      logs: sink,
      services,
      signal: stop.signal,
      since: now.getTime() / 1000,
      timestamps: options.timestamps,
      printExits: false,
    });
    for (const container of containers) await follower.followLogs(container, { tail: options.tail, since });
    const completed = await follower.run();
    await follower.drain();
    return completed ? 0 : 130;
  } finally {
    stop.abort();
    session.signal?.removeEventListener('abort', onInterrupt);
  }
}

async function printMerged(
  session: Session,
  projectName: string,
  containers: readonly ContainerSummary[],
  options: { since?: string | undefined; until?: string | undefined; tail?: number | 'all' | undefined; timestamps: boolean },
  sink: LogSink,
): Promise<void> {
  const collected = await Promise.all(
    containers.map(async (container) => {
      const entries: LogEntry[] = [];
      for await (const entry of session.engine.containers.logs(container.id, { since: options.since, until: options.until, tail: options.tail, timestamps: true, ...(session.signal ? { signal: session.signal } : {}) })) {
        entries.push(entry);
      }
      return entries.map((entry, order) => ({ name: shortName(projectName, container.name), entry, key: timestampKey(entry.timestamp), order }));
    }),
  );
  // A stable sort: lines of one container keep their order; equal times keep container order.
  const merged = collected.flat().sort((a, b) => compareText(a.key, b.key));
  for (const { name, entry } of merged) {
    sink.line(name, entry.text, { stream: entry.stream, timestamp: options.timestamps ? entry.timestamp : undefined });
  }
}

/** RFC 3339 with its fraction padded to nanoseconds, so timestamps sort as text (the engine trims trailing zeros). */
export function timestampKey(timestamp: string | undefined): string {
  if (timestamp === undefined) return '';
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(timestamp);
  if (match === null) return timestamp;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

/** `--since`/`--until` as the engine takes them: RFC 3339 and Unix seconds pass through; a duration (`1h30m`, `10s`) counts back from now. */
export function engineTime(text: string, now: Date, flag: string): string {
  if (/^\d+(\.\d+)?$/.test(text)) return text;
  if (/^\d{4}-\d\d-\d\d(T.*)?$/.test(text)) return text;
  const durationMs = parseDurationMs(text);
  if (durationMs === undefined) throw new BerthError('invalid_argument', `${flag} ${text}: expected a timestamp (2024-05-01T10:00:00Z), Unix seconds, or a duration such as 42m`);
  return ((now.getTime() - durationMs) / 1000).toFixed(3);
}

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function parseDurationMs(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  return parts.reduce((total, part) => total + Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0), 0);
}
