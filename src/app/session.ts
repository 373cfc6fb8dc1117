/**
 * What every engine-backed command gets from the edge: the engine, where
 * progress and warnings go, the signals for Ctrl-C, the lock, the clock.
 * Commands take it as an argument and read nothing else from the process.
 */
import type { ApplyEvent } from '../apply/index.js';
import type { Engine } from '../engine/index.js';
import type { ProjectLock } from './lock.js';

export type ProgressResourceKind = 'container' | 'network' | 'volume' | 'image' | 'service';

/** What progress output shows: apply's step events, plus the phases and statuses the commands report themselves. */
export type AppEvent =
  | ApplyEvent
  /** A phase begins; its rows (so a live view can lay them out). */
  | { readonly type: 'phase'; readonly title: string; readonly rows: readonly { readonly resource: ProgressResourceKind; readonly name: string }[] }
  | {
      readonly type: 'status';
      readonly resource: ProgressResourceKind;
      readonly name: string;
      readonly state: 'working' | 'done' | 'warning' | 'error';
      readonly text: string;
      readonly details?: string | undefined;
    };

/** Anything with a `write(text)`. */
export interface TextSink {
  write(text: string): unknown;
}

/** Where container output goes: Compose-style prefixed lines (the ui's LogPrinter). */
export interface LogSink {
  register(names: readonly string[]): void;
  line(name: string, text: string, details?: { readonly stream?: 'stdout' | 'stderr' | undefined; readonly timestamp?: string | undefined }): void;
  status(name: string, text: string): void;
  message(text: string): void;
}

export interface Session {
  readonly engine: Engine;
  /** Progress events (to stderr, in the chosen mode). */
  readonly onEvent: (event: AppEvent) => void;
  /** Lines for the user that are not progress (`Gracefully stopping...`); stderr. */
  readonly notice: (message: string) => void;
  /** Aborts at the first Ctrl-C (or SIGTERM): stop gracefully. */
  readonly signal?: AbortSignal | undefined;
  /** Aborts at the second: stop now. */
  readonly forceSignal?: AbortSignal | undefined;
  /** Takes the project's advisory lock, waiting (with a message) while another berth holds it. */
  readonly lock: (projectName: string) => Promise<ProjectLock>;
  /** `--parallel` / `COMPOSE_PARALLEL_LIMIT`; unlimited when absent. */
  readonly parallel?: number | undefined;
  /** Wall clock, for one-off slugs and log timestamps. */
  readonly now: () => Date;
  /** Random bytes, for one-off container slugs. */
  readonly randomHex: (bytes: number) => string;
}

export function warn(session: Session, message: string): void {
  session.onEvent({ type: 'warning', message });
}
