/**
 * conmon's k8s-file log records: `<RFC 3339 time> <stdout|stderr> <F|P> <text>`,
 * one per file line. `F` ends a line (its text keeps the `\n`), `P` is a
 * part of a longer line (conmon adds the `\n` that is not the container's).
 */
export type LogStream = 'stdout' | 'stderr';

export interface LogRecord {
  readonly timeNs: bigint;
  readonly stream: LogStream;
  readonly partial: boolean;
  /** Without the record's trailing newline. */
  readonly text: Buffer;
}

export interface LogLine {
  /** RFC 3339 with nanoseconds, UTC (`2026-11-22T01:43:18.115035099Z`). */
  readonly time: string;
  readonly stream: LogStream;
  /** The line with its trailing `\n`. */
  readonly line: Buffer;
}

const SPACE = 0x20;

/** One file line (without its `\n`); undefined for lines that are not records. */
export function parseRecord(line: Buffer): LogRecord | undefined {
  const first = line.indexOf(SPACE);
  const second = first < 0 ? -1 : line.indexOf(SPACE, first + 1);
  if (second < 0 || line.length < second + 2) return undefined;
  const timeNs = parseTime(line.subarray(0, first).toString('latin1'));
  const stream = line.subarray(first + 1, second).toString('latin1');
  const tag = line[second + 1];
  if (timeNs === undefined || (stream !== 'stdout' && stream !== 'stderr')) return undefined;
  if (tag !== 0x46 /* F */ && tag !== 0x50 /* P */) return undefined;
  const textStart = Math.min(line.length, second + 3);
  return { timeNs, stream, partial: tag === 0x50, text: line.subarray(textStart) };
}

/** `2026-11-22T01:43:18.115035099+01:00` → nanoseconds since the epoch. */
export function parseTime(text: string): bigint | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [, base = '', fraction = '', zone = 'Z'] = match;
  const milliseconds = Date.parse(`${base}${zone}`);
  if (Number.isNaN(milliseconds)) return undefined;
  return BigInt(milliseconds) * 1_000_000n + BigInt(fraction.padEnd(9, '0') || '0');
}

/** Unix seconds (fractional allowed, as a number or a decimal string) → nanoseconds. */
export function secondsToNs(seconds: number | string): bigint {
  const text = typeof seconds === 'number' ? seconds.toFixed(9) : seconds.trim();
  const match = /^(-?\d+)(?:\.(\d{0,9})\d*)?$/.exec(text);
  if (match === null) throw new RangeError(`not a unix time in seconds: ${text}`);
  const [, whole = '0', fraction = ''] = match;
  return BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0') || '0');
}

export function formatTime(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Joins `P` parts into lines, per stream. */
export class LineAssembler {
  private readonly pending = new Map<LogStream, { timeNs: bigint; parts: Buffer[] }>();

  push(record: LogRecord): { timeNs: bigint; stream: LogStream; line: Buffer } | undefined {
    const open = this.pending.get(record.stream);
    if (record.partial) {
      if (open === undefined) this.pending.set(record.stream, { timeNs: record.timeNs, parts: [Buffer.from(record.text)] });
      else open.parts.push(Buffer.from(record.text));
      return undefined;
    }
    this.pending.delete(record.stream);
    const parts = [...(open?.parts ?? []), record.text, Buffer.from('\n')];
    return { timeNs: open?.timeNs ?? record.timeNs, stream: record.stream, line: Buffer.concat(parts) };
  }

  /** Parts whose line never ended (the container's last output without `\n`), as lines without a newline. */
  flush(): { timeNs: bigint; stream: LogStream; line: Buffer }[] {
    const lines = [...this.pending.entries()].map(([stream, open]) => ({ timeNs: open.timeNs, stream, line: Buffer.concat(open.parts) }));
    this.pending.clear();
    return lines.sort((left, right) => (left.timeNs < right.timeNs ? -1 : left.timeNs > right.timeNs ? 1 : 0));
  }
}
