/**
 * Compose-style container output: `web-1  | hello`. The prefix is the
 * container's short name padded to the longest name registered so far plus
 * one, then ` | `; each name keeps one palette colour, handed out in sorted
 * order of the names registered together. Container stderr goes to stderr.
 */
import { paletteColor, plain, type Paint } from './colors.js';

/** Anything with a `write(text)`: a process stream, or a collector in tests. */
export interface TextSink {
  write(text: string): unknown;
}

export interface LogPrinterOptions {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly color: boolean;
  /** false for `--no-log-prefix`. */
  readonly prefix: boolean;
  /** `--timestamps`: lines without their own timestamp get the time they were printed. */
  readonly timestamps: boolean;
  /** The clock for `timestamps`. */
  readonly now: () => Date;
}

export interface LogLine {
  readonly stream?: 'stdout' | 'stderr' | undefined;
  /** The engine's timestamp for the line (`logs -t`), printed as it is. */
  readonly timestamp?: string | undefined;
}

export class LogPrinter {
  private readonly colors = new Map<string, Paint>();
  private width = 0;
  private nextColor = 0;

  constructor(private readonly options: LogPrinterOptions) {}

  /** Registers names (sorted among themselves) so colours and the prefix width are known before the first line. */
  register(names: readonly string[]): void {
    for (const name of [...new Set(names)].sort(compareText)) {
      if (this.colors.has(name)) continue;
      this.colors.set(name, this.options.color ? paletteColor(this.nextColor++) : plain);
      this.width = Math.max(this.width, name.length + 1);
    }
  }

  /** One line of a container's output (without its line break). */
  line(name: string, text: string, details: LogLine = {}): void {
    const sink = details.stream === 'stderr' ? this.options.stderr : this.options.stdout;
    let stamp = '';
    if (this.options.timestamps) stamp = `${details.timestamp ?? formatTimestamp(this.options.now())} `;
    else if (details.timestamp !== undefined) stamp = `${details.timestamp} `;
    sink.write(`${this.prefixOf(name)}${stamp}${text}\n`);
  }

  /** A line about a container rather than from it: `web-1 exited with code 0`. */
  status(name: string, text: string): void {
    this.options.stdout.write(`${this.paintOf(name)(`${name} ${text}`)}\n`);
  }

  /** A line about the whole run (`Attaching to web-1, db-1`), unprefixed. */
  message(text: string): void {
    this.options.stdout.write(`${text}\n`);
  }

  private prefixOf(name: string): string {
    if (!this.options.prefix) return '';
    const paint = this.paintOf(name);
    return paint(`${name.padEnd(this.width)} | `);
  }

  private paintOf(name: string): Paint {
    if (!this.colors.has(name)) this.register([name]);
    return this.colors.get(name) ?? plain;
  }
}

/** Go's RFC3339NanoFixed in UTC (`2024-05-01T10:00:00.123000000Z`), the form Compose prints. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
