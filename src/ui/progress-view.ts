/**
 * Progress output on stderr, in one of Compose's modes: a live tty view,
 * plain lines (`Container shop-web-1  Started`), NDJSON events, or nothing.
 */
import type { TextSink } from './log-printer.js';
import type { ResolvedProgressMode } from './output-modes.js';
import type { ProgressEvent } from './progress-event.js';
import { JsonProgress } from './json-progress.js';
import { PlainProgress } from './plain-progress.js';
import { TtyProgress } from './tty-progress.js';

export interface ProgressView {
  event(event: ProgressEvent): void;
  /** Ends any live display; once it resolves, other output may follow on the same stream. */
  close(): Promise<void>;
}

export interface ProgressViewOptions {
  /** Where progress goes: stderr. */
  readonly stream: TextSink;
  readonly color: boolean;
}

export function createProgressView(mode: ResolvedProgressMode, options: ProgressViewOptions): ProgressView {
  switch (mode) {
    case 'tty':
      return new TtyProgress(options.stream as NodeJS.WriteStream);
    case 'plain':
      return new PlainProgress(options.stream);
    case 'json':
      return new JsonProgress(options.stream);
    case 'quiet':
      return { event: () => {}, close: async () => {} };
    default: {
      const unknown: never = mode;
      throw new Error(`unknown progress mode ${String(unknown)}`);
    }
  }
}
