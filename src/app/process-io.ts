/**
 * Wiring a container's (or an exec's) stdio to berth's own, for `exec` and
 * `run`: stdin forwarded until it ends, output written raw (no prefixes),
 * the terminal size passed on when there is a TTY.
 */
import type { ProcessStreams } from '../engine/index.js';

export interface ProcessIo {
  /** berth's stdin; absent when there is none to forward. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  readonly stdout: { write(chunk: Buffer | string): unknown };
  readonly stderr: { write(chunk: Buffer | string): unknown };
  /** stdin is a terminal: allocate a TTY unless `-T`. */
  readonly stdinIsTerminal: boolean;
  /** The terminal's size, when stdout is one. */
  readonly terminalSize?: (() => { columns: number; rows: number } | undefined) | undefined;
}

/** Copies stdin in and output out until the output ends. */
export async function pipeProcess(streams: ProcessStreams, io: ProcessIo): Promise<void> {
  const size = io.terminalSize?.();
  if (size !== undefined && streams.resize !== undefined) await streams.resize(size.columns, size.rows).catch(() => {});
  const input = streams.stdin;
  let forwarding: (() => void) | undefined;
  if (input !== undefined && io.stdin !== undefined) {
    const source = io.stdin;
    const onData = (chunk: Buffer | string): void => {
      input.write(chunk);
    };
    // Half-closes the connection so the process sees end-of-file, as `docker exec -i` does.
    const onEnd = (): void => {
      (input as NodeJS.WritableStream & { end(): void }).end();
    };
    source.on('data', onData);
    source.once('end', onEnd);
    forwarding = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.pause?.();
    };
  }
  try {
    for await (const chunk of streams.output) {
      (chunk.stream === 'stderr' ? io.stderr : io.stdout).write(chunk.data);
    }
  } finally {
    forwarding?.();
  }
}
