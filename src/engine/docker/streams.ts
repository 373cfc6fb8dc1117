/**
 * Reading Docker's byte streams: the 8-byte-header frames that multiplex
 * stdout and stderr (when there is no TTY), lines that may arrive split
 * across chunks, and newline-separated JSON messages.
 */

import { LineSplitter } from '../line-splitter.js';

export { LineSplitter };

export type StreamName = 'stdout' | 'stderr';

export interface Frame {
  readonly stream: StreamName;
  readonly data: Buffer;
}

/**
 * Decodes multiplexed frames: byte 0 is the stream (0 stdin, 1 stdout,
 * 2 stderr, 3 the daemon's own error), bytes 4–7 the payload size, big
 * endian. Keeps an incomplete frame until the rest arrives.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const kind = this.pending[0];
      frames.push({ stream: kind === 2 || kind === 3 ? 'stderr' : 'stdout', data: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    return frames;
  }

  /** Bytes left over that never formed a whole frame. */
  get leftoverBytes(): number {
    return this.pending.length;
  }
}

/** Newline-separated JSON messages from a byte stream; a line that is not JSON is skipped. */
export async function* jsonMessages(source: AsyncIterable<Buffer | string>): AsyncGenerator<Record<string, unknown>> {
  const lines = new LineSplitter();
  const parse = (line: string): Record<string, unknown> | undefined => {
    if (line.trim() === '') return undefined;
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  for await (const chunk of source) {
    for (const line of lines.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
      const message = parse(line);
      if (message !== undefined) yield message;
    }
  }
  const last = lines.flush();
  const message = last === undefined ? undefined : parse(last);
  if (message !== undefined) yield message;
}

/**
 * Reads a process's output eagerly into a queue, so the stream ends (and
 * `ended` settles) even while nobody iterates `output`. One consumer.
 */
export function eagerOutput(
  source: NodeJS.ReadableStream,
  tty: boolean,
  mapError: (error: unknown) => unknown = (error) => error,
): { output: AsyncIterable<Frame>; ended: Promise<void> } {
  const queue: Frame[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const decoder = new FrameDecoder();
  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const ended = new Promise<void>((resolve) => {
    const finish = (error?: unknown): void => {
      if (done) return;
      done = true;
      if (error !== undefined) failure = error;
      notify();
      resolve();
    };
    source.on('data', (chunk: Buffer | string) => {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (tty) queue.push({ stream: 'stdout', data });
      else queue.push(...decoder.push(data));
      notify();
    });
    source.on('end', () => finish());
    source.on('close', () => finish());
    source.on('error', (error: unknown) => finish(error));
  });
  const output: AsyncIterable<Frame> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const frame = queue.shift();
        if (frame !== undefined) {
          yield frame;
          continue;
        }
        if (done) {
          // A destroyed connection (close) is how callers stop reading; not a failure to report.
          if (failure !== undefined && (failure as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw mapError(failure);
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
  return { output, ended };
}
