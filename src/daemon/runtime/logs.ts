/**
 * Reading a container's log (conmon's k8s-file): the previous generation
 * (`ctr.log.1`, see log-rotation.ts) then the live file, with Docker's
 * `since`/`until` (unix seconds), `tail` (last N lines, found by reading
 * backwards from the end) and `follow` (fs.watch plus a slow poll;
 * survives rotation; ends on abort, or once `stopped` has resolved and the
 * file is drained).
 */
import { watch } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { formatTime, LineAssembler, parseRecord, secondsToNs, type LogLine, type LogStream } from './log-format.js';
import { LOG_FILE, PREVIOUS_LOG_FILE, syncRotation } from './log-rotation.js';

export interface ReadLogsOptions {
  /** Unix seconds (fractional allowed): lines before it are skipped. */
  readonly since?: number | string | undefined;
  /** Unix seconds: reading stops at the first line after it. */
  readonly until?: number | string | undefined;
  /** Only the last N lines (before since/until apply, as Docker does); all when absent or negative. */
  readonly tail?: number | undefined;
  readonly follow?: boolean | undefined;
  /** With follow: resolves when the container has stopped; reading ends once the file is drained. */
  readonly stopped?: Promise<unknown> | undefined;
  readonly signal?: AbortSignal | undefined;
}

const CHUNK_BYTES = 64 * 1024;
const FOLLOW_POLL_MS = 500;
const NEWLINE = 0x0a;

export async function* readLogs(dir: string, options: ReadLogsOptions = {}): AsyncGenerator<LogLine> {
  const since = options.since === undefined ? undefined : secondsToNs(options.since);
  const until = options.until === undefined ? undefined : secondsToNs(options.until);
  await syncRotation(dir);
  const files = await logFiles(dir);
  const tail = options.tail !== undefined && options.tail >= 0 ? options.tail : undefined;
  if (tail === 0 && options.follow !== true) return;
  const start = tail === undefined ? { file: 0, offset: 0 } : await tailStart(files, tail);
  if (tail === 0) start.file = files.length - 1;

  const assembler = new LineAssembler();
  let ended = false;
  // conmon stamps every line of one read with the same time. Lines get strictly increasing times
  // (+1 ns per repeat), so a line's timestamp, given back as `since`, starts at exactly that line.
  let previousNs = -1n;
  const emit = function* (lines: Iterable<{ timeNs: bigint; stream: LogStream; line: Buffer }>): Generator<LogLine> {
    for (const read of lines) {
      const line = read.timeNs > previousNs ? read : { ...read, timeNs: previousNs + 1n };
      previousNs = line.timeNs;
      if (until !== undefined && line.timeNs > until) {
        ended = true;
        return;
      }
      if (since !== undefined && line.timeNs < since) continue;
      yield { time: formatTime(line.timeNs), stream: line.stream, line: line.line };
    }
  };
  const assemble = function* (rawLines: Iterable<Buffer>): Generator<{ timeNs: bigint; stream: LogStream; line: Buffer }> {
    for (const raw of rawLines) {
      const record = parseRecord(raw);
      if (record === undefined) continue;
      const line = assembler.push(record);
      if (line !== undefined) yield line;
    }
  };

  // Everything before the live file is complete.
  for (let index = start.file; index < files.length - 1 && !ended; index += 1) {
    const cursor = await Cursor.open(files[index] ?? '', index === start.file ? start.offset : 0);
    if (cursor === undefined) continue;
    try {
      yield* emit(assemble(await cursor.readAll(true)));
    } finally {
      await cursor.close();
    }
  }
  if (ended) return;

  const livePath = join(dir, LOG_FILE);
  let cursor = await Cursor.open(livePath, start.file === files.length - 1 ? start.offset : 0);
  if (tail === 0 && cursor !== undefined) cursor.offset = (await cursor.handle.stat()).size;
  try {
    yield* emit(assemble(cursor === undefined ? [] : await cursor.readAll(false)));
    if (options.follow !== true || ended) {
      yield* emit(assembler.flush());
      return;
    }
    const waker = new Waker(dir, options.signal, options.stopped);
    try {
      for (;;) {
        const stoppedBefore = waker.stopped;
        if (waker.aborted) return;
        await syncRotation(dir);
        const live = await stat(livePath).catch(() => undefined);
        if (cursor === undefined && live !== undefined) cursor = await Cursor.open(livePath, 0);
        if (cursor !== undefined) {
          yield* emit(assemble(await cursor.readAll(false)));
          if (ended) return;
          if (live !== undefined && live.ino !== cursor.ino) {
            // conmon replaced the file: the old one is complete, go on with the new one from its start.
            yield* emit(assemble(await cursor.readAll(true)));
            await cursor.close();
            cursor = await Cursor.open(livePath, 0);
            continue;
          }
        }
        if (stoppedBefore) {
          yield* emit(assembler.flush());
          return;
        }
        await waker.next();
      }
    } finally {
      waker.close();
    }
  } finally {
    await cursor?.close();
  }
}

async function logFiles(dir: string): Promise<string[]> {
  const live = await stat(join(dir, LOG_FILE)).catch(() => undefined);
  const previous = await stat(join(dir, PREVIOUS_LOG_FILE)).catch(() => undefined);
  const files: string[] = [];
  if (previous !== undefined && previous.ino !== live?.ino) files.push(join(dir, PREVIOUS_LOG_FILE));
  files.push(join(dir, LOG_FILE));
  return files;
}

/** Where the last `count` lines start: just after the (count+1)-th full (`F`) record from the end. */
async function tailStart(files: readonly string[], count: number): Promise<{ file: number; offset: number }> {
  let remaining = count + 1;
  for (let index = files.length - 1; index >= 0; index -= 1) {
    const handle = await open(files[index] ?? '', 'r').catch(() => undefined);
    if (handle === undefined) continue;
    try {
      const size = (await handle.stat()).size;
      let position = size;
      let carry = Buffer.alloc(0);
      let first = true;
      while (position > 0) {
        const length = Math.min(CHUNK_BYTES, position);
        position -= length;
        const chunk = Buffer.alloc(length);
        await handle.read(chunk, 0, length, position);
        const data = Buffer.concat([chunk, carry]);
        let end = data.length;
        for (let at = data.length - 1; at >= 0; at -= 1) {
          if (data[at] !== NEWLINE) continue;
          if (first) {
            // Bytes after the last newline are a record still being written: not a line yet.
            first = false;
            end = at;
            continue;
          }
          if (isFullRecord(data.subarray(at + 1, end))) {
            remaining -= 1;
            if (remaining === 0) return { file: index, offset: position + end + 1 };
          }
          end = at;
        }
        carry = data.subarray(0, end);
      }
      if (!first && carry.length > 0 && isFullRecord(carry)) {
        remaining -= 1;
        if (remaining === 0) return { file: index, offset: carry.length + 1 };
      }
    } finally {
      await handle.close();
    }
  }
  return { file: 0, offset: 0 };
}

function isFullRecord(line: Buffer): boolean {
  const record = parseRecord(line);
  return record !== undefined && !record.partial;
}

/** A position in one log file; yields complete lines only. */
class Cursor {
  private rest = Buffer.alloc(0);

  private constructor(
    readonly handle: FileHandle,
    readonly ino: number,
    public offset: number,
  ) {}

  static async open(path: string, offset: number): Promise<Cursor | undefined> {
    const handle = await open(path, 'r').catch(() => undefined);
    if (handle === undefined) return undefined;
    const info = await handle.stat();
    return new Cursor(handle, info.ino, offset);
  }

  /** The complete lines up to the end; with `final`, a trailing unterminated line too. */
  async readAll(final: boolean): Promise<Buffer[]> {
    const lines: Buffer[] = [];
    const size = (await this.handle.stat()).size;
    if (size < this.offset) {
      // Truncated in place: start over.
      this.offset = 0;
      this.rest = Buffer.alloc(0);
    }
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await this.handle.read(chunk, 0, CHUNK_BYTES, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      let data = Buffer.concat([this.rest, chunk.subarray(0, bytesRead)]);
      let newline = data.indexOf(NEWLINE);
      while (newline >= 0) {
        lines.push(data.subarray(0, newline));
        data = data.subarray(newline + 1);
        newline = data.indexOf(NEWLINE);
      }
      this.rest = Buffer.from(data);
    }
    if (final && this.rest.length > 0) {
      lines.push(this.rest);
      this.rest = Buffer.alloc(0);
    }
    return lines;
  }

  close(): Promise<void> {
    return this.handle.close().catch(() => undefined);
  }
}

/** Wakes the follower on a change in the directory, on the poll tick, on stop or on abort. */
class Waker {
  stopped = false;
  aborted = false;
  private wake: (() => void) | undefined;
  /** A change that came while nobody waited: the next wait returns at once. */
  private pending = false;
  private readonly watcher: ReturnType<typeof watch> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort = (): void => {
    this.aborted = true;
    this.fire();
  };

  constructor(
    dir: string,
    private readonly signal: AbortSignal | undefined,
    stopped: Promise<unknown> | undefined,
  ) {
    try {
      this.watcher = watch(dir, () => this.fire());
      this.watcher.on('error', () => undefined);
    } catch {
      this.watcher = undefined;
    }
    this.timer = setInterval(() => this.fire(), FOLLOW_POLL_MS);
    if (signal?.aborted) this.aborted = true;
    signal?.addEventListener('abort', this.onAbort, { once: true });
    void stopped?.then(
      () => {
        this.stopped = true;
        this.fire();
      },
      () => {
        this.stopped = true;
        this.fire();
      },
    );
  }

  next(): Promise<void> {
    if (this.aborted || this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private fire(): void {
    const wake = this.wake;
    this.wake = undefined;
    if (wake === undefined) this.pending = true;
    else wake();
  }

  close(): void {
    this.watcher?.close();
    clearInterval(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
