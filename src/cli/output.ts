/**
 * Everything a command writes: progress on stderr (in the chosen mode),
 * its own output on stdout, container output through the log printer.
 *
 * A live tty view and plain output cannot share a terminal, so the first
 * write to stdout (a log line, `run`'s output) ends the live view: output
 * is held until listr2 has drawn its last frame, and later progress is
 * printed as plain lines.
 */
import { createProgressView, LogPrinter, type ProgressEvent, type ProgressView, type ResolvedProgressMode } from '../ui/index.js';

type Chunk = Buffer | string;

export interface Writable {
  write(chunk: Chunk): unknown;
}

export interface OutputOptions {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly progress: ResolvedProgressMode;
  readonly color: boolean;
}

export class CommandOutput {
  private view: ProgressView;
  private live: boolean;
  /** Writes held while the live view draws its last frame. */
  private held: (() => void)[] | undefined;
  private closing: Promise<void> = Promise.resolve();

  /** stdout, for a command's own output. */
  readonly stdout: Writable;
  /** stderr, for notices and raw container stderr. */
  readonly stderr: Writable;

  constructor(private readonly options: OutputOptions) {
    this.view = createProgressView(options.progress, { stream: options.stderr as NodeJS.WriteStream, color: options.color });
    this.live = options.progress === 'tty';
    this.stdout = { write: (chunk: Chunk) => this.write(options.stdout, chunk) };
    this.stderr = { write: (chunk: Chunk) => this.write(options.stderr, chunk) };
  }

  readonly onEvent = (event: ProgressEvent): void => {
    if (this.held !== undefined) {
      const view = this.view;
      this.held.push(() => view.event(event));
      return;
    }
    this.view.event(event);
  };

  /**
   * A line for the user that is not progress (`waiting for another berth…`).
   * It does not end the live view: listr2 holds stderr while it draws and
   * prints such lines below its last frame.
   */
  notice(text: string): void {
    if (this.held !== undefined) this.held.push(() => this.options.stderr.write(`${text}\n`));
    else this.options.stderr.write(`${text}\n`);
  }

  /** A log printer writing through this output. */
  logPrinter(options: { color: boolean; prefix: boolean; timestamps: boolean; now: () => Date }): LogPrinter {
    return new LogPrinter({ stdout: this.stdout as { write(text: string): unknown }, stderr: this.stderr as { write(text: string): unknown }, ...options });
  }

  /** Ends the live view (if any) and waits until everything held is written. */
  async close(): Promise<void> {
    this.endLive();
    await this.closing;
    await this.view.close();
  }

  private write(target: Writable, chunk: Chunk): void {
    this.endLive();
    if (this.held !== undefined) this.held.push(() => target.write(chunk));
    else target.write(chunk);
  }

  private endLive(): void {
    if (!this.live) return;
    this.live = false;
    const liveView = this.view;
    this.held = [];
    this.view = createProgressView('plain', { stream: this.options.stderr as NodeJS.WriteStream, color: false });
    this.closing = liveView.close().then(() => {
      const held = this.held ?? [];
      this.held = undefined;
      for (const write of held) write();
    });
  }
}
