/**
 * The live progress view on a terminal, drawn by listr2: one row per
 * resource, its spinner running until the phase ends, its title following
 * the resource's state (`Container shop-web-1  Starting` → `Started`).
 *
 * A phase is one listr2 run whose rows are announced up front (the app
 * knows them from the plan before it applies it). An event about a row the
 * current phase did not announce ends that phase and opens a new one, so
 * nothing is lost, only drawn in a later block. Warnings arriving during a
 * phase are printed once it ends: listr2 holds the stream meanwhile.
 */
import { formatRow, rowId, rowOf, type ProgressEvent, type ProgressRow, type ProgressRowKey } from './progress-event.js';
import type { ProgressView } from './progress-view.js';

interface Row {
  current: ProgressRow;
  wrapper: { title: string } | undefined;
  settle: (() => void) | undefined;
}

interface Phase {
  readonly rows: Map<string, Row>;
  readonly finished: Promise<void>;
}

export class TtyProgress implements ProgressView {
  private phase: Phase | undefined;
  /** Serialises phases: a phase starts drawing once the previous one is final. */
  private chain: Promise<void> = Promise.resolve();
  private readonly warnings: string[] = [];

  constructor(private readonly stream: NodeJS.WriteStream) {}

  event(event: ProgressEvent): void {
    if (event.type === 'phase') {
      this.open(event.rows);
      return;
    }
    if (event.type === 'warning') {
      if (this.phase === undefined) this.stream.write(`WARN ${event.message}\n`);
      else this.warnings.push(event.message);
      return;
    }
    const row = rowOf(event);
    if (row === undefined) return;
    const state = this.phase?.rows.get(row.id);
    if (state === undefined) {
      this.late(event, row);
      return;
    }
    state.current = row;
    if (state.wrapper !== undefined) state.wrapper.title = formatRow(row);
  }

  private readonly lateRows = new Map<string, { key: ProgressRowKey; row: ProgressRow }>();

  /** Rows nobody announced are gathered for the rest of the tick (a burst of events), then shown as one new phase. */
  private late(key: ProgressRowKey, row: ProgressRow): void {
    const first = this.lateRows.size === 0;
    this.lateRows.set(row.id, { key: { resource: key.resource, name: key.name }, row });
    if (!first) return;
    queueMicrotask(() => {
      const rows = [...this.lateRows.values()];
      this.lateRows.clear();
      this.open(rows.map((entry) => entry.key));
      for (const entry of rows) {
        const state = this.phase?.rows.get(entry.row.id);
        if (state !== undefined) state.current = entry.row;
      }
    });
  }

  async close(): Promise<void> {
    // Let a burst of late rows land in their phase first.
    await Promise.resolve();
    this.endPhase();
    await this.chain;
  }

  private open(keys: readonly ProgressRowKey[]): void {
    this.endPhase();
    const rows = new Map<string, Row>();
    for (const key of keys) {
      const id = rowId(key);
      if (!rows.has(id)) rows.set(id, { current: { id, state: 'working', text: 'Waiting' }, wrapper: undefined, settle: undefined });
    }
    if (rows.size === 0) return;
    const previous = this.chain;
    const finished = previous.then(() => this.draw(rows));
    this.chain = finished.catch(() => {});
    this.phase = { rows, finished };
  }

  private async draw(rows: Map<string, Row>): Promise<void> {
    // listr2 costs ~60 ms to load; only a live view needs it.
    const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
    const output = new ProcessOutput(this.stream, this.stream, { dump: ['stdout', 'stderr'], leaveEmptyLine: false });
    const listr = new Listr(
      [...rows.values()].map((row) => ({
        title: formatRow(row.current),
        task: (_context: unknown, wrapper: { title: string }) =>
          new Promise<void>((resolve, reject) => {
            row.wrapper = wrapper;
            wrapper.title = formatRow(row.current);
            row.settle = () => {
              wrapper.title = formatRow(row.current);
              if (row.current.state === 'error') reject(new Error(row.current.details ?? row.current.text));
              else resolve();
            };
            if (this.phase?.rows !== rows) row.settle();
          }),
      })),
      {
        concurrent: true,
        exitOnError: false,
        registerSignalListeners: false,
        forceTTY: true,
        renderer: 'default',
        rendererOptions: { logger: new ListrLogger({ processOutput: output, useIcons: true }), collapseErrors: false, showErrorMessage: false },
      },
    );
    try {
      await listr.run();
    } catch {
      // Failures are shown on their rows; the command reports the error itself.
    }
    for (const message of this.warnings.splice(0)) this.stream.write(`WARN ${message}\n`);
  }

  /** Settles the rows of the current phase as they stand. */
  private endPhase(): void {
    const phase = this.phase;
    if (phase === undefined) return;
    this.phase = undefined;
    for (const row of phase.rows.values()) row.settle?.();
  }
}
