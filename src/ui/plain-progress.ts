/**
 * Plain progress: one line per change, for logs and CI
 * (`Container shop-web-1  Started`). Phases print nothing of their own.
 */
import type { TextSink } from './log-printer.js';
import { formatRow, rowOf, type ProgressEvent } from './progress-event.js';
import type { ProgressView } from './progress-view.js';

export class PlainProgress implements ProgressView {
  constructor(private readonly stream: TextSink) {}

  event(event: ProgressEvent): void {
    if (event.type === 'warning') {
      this.stream.write(`WARN ${event.message}\n`);
      return;
    }
    const row = rowOf(event);
    if (row !== undefined) this.stream.write(`${formatRow(row)}\n`);
  }

  async close(): Promise<void> {}
}
