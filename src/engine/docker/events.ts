/**
 * Docker's event stream as `EngineEvent`s. Docker mixes a container's
 * labels with its own attributes (`name`, `image`, `exitCode`, …) in one
 * map; the attributes it adds are taken out again. Event times are Unix
 * seconds (fractional), the unit `since` takes too.
 */
import type { EngineEvent, EventApi, Labels } from '../engine.js';
import type { DockerClient } from './client.js';
import { toEngineError } from './errors.js';
import { labelFilters } from './from-docker.js';
import { jsonMessages } from './streams.js';

type PlainContainerAction = Extract<EngineEvent, { type: 'container'; exitCode?: never; health?: never }>['action'];
const CONTAINER_ACTIONS: ReadonlySet<string> = new Set<PlainContainerAction>(['create', 'start', 'stop', 'kill', 'restart', 'pause', 'unpause', 'destroy', 'oom', 'rename']);

function isPlainContainerAction(action: string): action is PlainContainerAction {
  return CONTAINER_ACTIONS.has(action);
}
/** Attributes Docker adds to an event next to the object's labels. */
const DOCKER_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  container: new Set(['name', 'image', 'exitCode', 'signal', 'oldName', 'execID', 'execDuration']),
  network: new Set(['name', 'type', 'container']),
  volume: new Set(['driver', 'container', 'destination', 'propagation', 'read/write']),
  image: new Set(['name']),
};

interface DockerEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> | null };
  time?: number;
  timeNano?: number;
}

export function toEngineEvent(message: DockerEvent): EngineEvent | undefined {
  const type = message.Type;
  const action = message.Action ?? '';
  const id = message.Actor?.ID ?? '';
  const attributes = message.Actor?.Attributes ?? {};
  const time = message.timeNano !== undefined ? message.timeNano / 1e9 : (message.time ?? 0);
  if (type !== 'container' && type !== 'network' && type !== 'volume' && type !== 'image') return undefined;
  const own = DOCKER_ATTRIBUTES[type] ?? new Set<string>();
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) if (!own.has(key)) labels[key] = value;
  if (type !== 'container') return { type, action, id, labels, time };

  const name = attributes['name'] ?? '';
  if (action === 'die') return { type, action, id, name, labels, exitCode: Number(attributes['exitCode'] ?? 0), time };
  if (action.startsWith('health_status')) {
    const health = action.slice('health_status'.length).replace(/^:\s*/, '');
    if (health !== 'starting' && health !== 'healthy' && health !== 'unhealthy') return undefined;
    return { type, action: 'health_status', id, name, labels, health, time };
  }
  if (!isPlainContainerAction(action)) return undefined;
  return { type, action, id, name, labels, time };
}

export function dockerEvents(client: DockerClient, now: () => number): EventApi {
  return {
    async *stream(options: { labels?: Labels; since?: number; signal: AbortSignal }) {
      const { signal } = options;
      // Asking from the moment of the call means events between this call and the connection are not missed.
      const since = options.since ?? now() / 1000;
      if (signal.aborted) return;
      const operation = 'following the Docker Engine events';
      let response;
      try {
        response = await client.stream(operation, {
          method: 'GET',
          path: '/events',
          query: { since: since.toFixed(9), filters: { ...labelFilters(options.labels), type: ['container', 'network', 'volume', 'image'] } },
          signal,
        });
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      try {
        for await (const message of jsonMessages(response as AsyncIterable<Buffer>)) {
          const event = toEngineEvent(message as DockerEvent);
          if (event !== undefined) yield event;
        }
      } catch (error) {
        if (signal.aborted) return;
        throw toEngineError(error, operation, client.host);
      } finally {
        response.destroy();
      }
    },
  };
}
