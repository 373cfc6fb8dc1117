/**
 * What progress output shows. The step events have the shape of apply's
 * `ApplyEvent` (so apply's events pass straight through); the others are
 * what the app layer reports itself: the rows a phase will touch, and
 * statuses of its own (`Waiting`, `Healthy`, pull progress).
 */

export type ProgressResource = 'container' | 'network' | 'volume' | 'image' | 'service';

export type ProgressAction = 'create' | 'start' | 'stop' | 'remove' | 'rename' | 'recreate' | 'connect' | 'disconnect' | 'pull' | 'build' | 'wait' | 'kill' | 'restart' | 'pause' | 'unpause';

export type ProgressState = 'working' | 'done' | 'warning' | 'error';

export interface ProgressRowKey {
  readonly resource: ProgressResource;
  readonly name: string;
}

export type ProgressEvent =
  | { readonly type: 'step-started'; readonly step: number; readonly resource: ProgressResource; readonly name: string; readonly action: ProgressAction }
  | { readonly type: 'step-waiting'; readonly step: number; readonly resource: ProgressResource; readonly name: string; readonly waitingFor: string }
  | { readonly type: 'step-done'; readonly step: number; readonly resource: ProgressResource; readonly name: string; readonly action: ProgressAction; readonly elapsedMs: number }
  | { readonly type: 'step-failed'; readonly step: number; readonly resource: ProgressResource; readonly name: string; readonly action: ProgressAction; readonly message: string }
  | { readonly type: 'step-skipped'; readonly step: number; readonly resource: ProgressResource; readonly name: string; readonly reason: string }
  | { readonly type: 'warning'; readonly message: string }
  /** A phase begins (pulling, applying a plan, waiting): the rows it will show, in order. */
  | { readonly type: 'phase'; readonly title: string; readonly rows: readonly ProgressRowKey[] }
  | {
      readonly type: 'status';
      readonly resource: ProgressResource;
      readonly name: string;
      readonly state: ProgressState;
      readonly text: string;
      readonly details?: string | undefined;
      readonly currentBytes?: number | undefined;
      readonly totalBytes?: number | undefined;
    };

/** One line of progress: `Container shop-web-1  Started`. */
export interface ProgressRow {
  /** `Container shop-web-1`: the resource, as Compose names it. */
  readonly id: string;
  readonly state: ProgressState;
  readonly text: string;
  readonly details?: string | undefined;
}

const WORKING: Readonly<Record<ProgressAction, string>> = {
  create: 'Creating',
  start: 'Starting',
  stop: 'Stopping',
  remove: 'Removing',
  rename: 'Renaming',
  recreate: 'Recreate',
  connect: 'Connecting',
  disconnect: 'Disconnecting',
  pull: 'Pulling',
  build: 'Building',
  wait: 'Waiting',
  kill: 'Killing',
  restart: 'Restarting',
  pause: 'Pausing',
  unpause: 'Unpausing',
};

const DONE: Readonly<Record<ProgressAction, string>> = {
  create: 'Created',
  start: 'Started',
  stop: 'Stopped',
  remove: 'Removed',
  rename: 'Renamed',
  recreate: 'Recreated',
  connect: 'Connected',
  disconnect: 'Disconnected',
  pull: 'Pulled',
  build: 'Built',
  wait: 'Ready',
  kill: 'Killed',
  restart: 'Restarted',
  pause: 'Paused',
  unpause: 'Unpaused',
};

const RESOURCE_TITLES: Readonly<Record<ProgressResource, string>> = {
  container: 'Container',
  network: 'Network',
  volume: 'Volume',
  image: 'Image',
  service: 'Service',
};

/** `Container shop-web-1`, `Network shop_default`. */
export function rowId(key: ProgressRowKey): string {
  return `${RESOURCE_TITLES[key.resource]} ${key.name}`;
}

/** The row an event updates; undefined for events that are not about one resource. */
export function rowOf(event: ProgressEvent): ProgressRow | undefined {
  switch (event.type) {
    case 'step-started':
      return { id: rowId(event), state: 'working', text: WORKING[event.action] };
    case 'step-waiting':
      return { id: rowId(event), state: 'working', text: 'Waiting', details: `for ${event.waitingFor}` };
    case 'step-done':
      return { id: rowId(event), state: 'done', text: DONE[event.action] };
    case 'step-failed':
      return { id: rowId(event), state: 'error', text: 'Error', details: event.message };
    case 'step-skipped':
      return { id: rowId(event), state: 'warning', text: 'Skipped', details: event.reason };
    case 'status':
      return { id: rowId(event), state: event.state, text: event.text, details: event.details };
    case 'warning':
    case 'phase':
      return undefined;
    default: {
      const unknown: never = event;
      throw new Error(`unknown progress event ${JSON.stringify(unknown)}`);
    }
  }
}

/** `Container shop-web-1  Started` (two spaces, as Compose aligns it), then any details. */
export function formatRow(row: ProgressRow): string {
  return `${row.id}  ${row.text}${row.details !== undefined && row.details !== '' ? ` ${row.details}` : ''}`;
}
