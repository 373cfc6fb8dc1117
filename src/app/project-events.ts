/**
 * `berth events [SERVICE…]`: the engine's events about the project's
 * service containers (one-offs left out), as they happen, until Ctrl-C.
 * Each is a line in Compose's text form or, with `--json`, one JSON object
 * per line with Compose's keys (time, type, service, id, action,
 * attributes).
 */
import { BerthError } from '../errors.js';
import type { EngineEvent } from '../engine/index.js';
import { ONEOFF_LABEL, ONEOFF_TRUE, PROJECT_LABEL, SERVICE_LABEL } from '../plan/index.js';
import { checkServiceNames } from './selection.js';
import type { Session, TextSink } from './session.js';
import { targetName, type ProjectTarget } from './target.js';

export interface EventsOptions {
  readonly services: readonly string[];
  readonly json: boolean;
  /** `--since`: Unix seconds; from now when absent. */
  readonly since?: number | undefined;
}

export interface ProjectEvent {
  /** Unix seconds, fractional. */
  readonly time: number;
  readonly service: string;
  readonly containerId: string;
  /** Docker's action text: `start`, `die`, `health_status: healthy`. */
  readonly action: string;
  /** The container's name and labels (Compose's own labels left out), plus `exitCode` for `die`. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Resolves 130 once Ctrl-C ends the stream. */
export async function events(target: ProjectTarget, session: Session, options: EventsOptions, io: { readonly stdout: TextSink }): Promise<number> {
  if (target.kind === 'model') checkServiceNames(target.loaded.project, options.services);
  const stop = new AbortController();
  const onInterrupt = (): void => stop.abort();
  session.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (session.signal?.aborted === true) stop.abort();
  try {
    const stream = session.engine.events.stream({ labels: { [PROJECT_LABEL]: targetName(target) }, signal: stop.signal, ...(options.since !== undefined ? { since: options.since } : {}) });
    for await (const event of stream) {
      const projectEvent = toProjectEvent(event, options.services);
      if (projectEvent !== undefined) io.stdout.write(options.json ? `${JSON.stringify(eventJson(projectEvent))}\n` : `${eventText(projectEvent)}\n`);
    }
    if (!stop.signal.aborted) throw new BerthError('engine', 'the engine closed its event stream; run `berth events` again once it is back');
  } finally {
    session.signal?.removeEventListener('abort', onInterrupt);
    stop.abort();
  }
  return 130;
}

export function toProjectEvent(event: EngineEvent, services: readonly string[]): ProjectEvent | undefined {
  if (event.type !== 'container') return undefined;
  if (event.labels[ONEOFF_LABEL] === ONEOFF_TRUE) return undefined;
  const service = event.labels[SERVICE_LABEL] ?? '';
  if (services.length > 0 && !services.includes(service)) return undefined;
  const attributes: Record<string, string> = { name: event.name };
  for (const [key, value] of Object.entries(event.labels)) if (!key.startsWith('com.docker.compose.')) attributes[key] = value;
  let action: string = event.action;
  if (event.action === 'die') attributes['exitCode'] = String(event.exitCode);
  if (event.action === 'health_status') action = `health_status: ${event.health}`;
  return { time: event.time, service, containerId: event.id, action, attributes };
}

/** Keys sorted, so the line is the same for the same event. */
function sortedAttributes(attributes: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function eventJson(event: ProjectEvent): Record<string, unknown> {
  return {
    time: new Date(event.time * 1000).toISOString(),
    type: 'container',
    service: event.service,
    id: event.containerId,
    action: event.action,
    attributes: Object.fromEntries(sortedAttributes(event.attributes)),
  };
}

/** `2024-05-01 10:00:00.123000 container start <id> (name=shop-web-1, …)`; the time in UTC. */
export function eventText(event: ProjectEvent): string {
  const iso = new Date(event.time * 1000).toISOString();
  const micros = String(Math.floor((event.time * 1e6) % 1e6)).padStart(6, '0');
  const time = `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${micros}`;
  return `${time} container ${event.action} ${event.containerId} (${sortedAttributes(event.attributes).map(([key, value]) => `${key}=${value}`).join(', ')})`;
}
