/**
 * A container's end as conmon records it: `<dir>/exit` holds the exit code
 * (its mtime is when the container ended) and `<dir>/oom` exists when the
 * kernel's OOM killer hit the container's cgroup.
 */
import { watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../../errors.js';

export interface ExitInfo {
  readonly exitCode: number;
  readonly oomKilled: boolean;
  /** RFC 3339 with nanoseconds, UTC. */
  readonly finishedAt: string;
}

const FALLBACK_POLL_MS = 1000;

export async function readExit(dir: string): Promise<ExitInfo | undefined> {
  const path = join(dir, 'exit');
  let text: string;
  let mtimeNs: bigint;
  try {
    [text, mtimeNs] = await Promise.all([readFile(path, 'utf8'), stat(path, { bigint: true }).then((info) => info.mtimeNs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const exitCode = Number.parseInt(text.trim(), 10);
  // conmon writes the file atomically, so an unreadable one is not half-written but foreign.
  if (!Number.isInteger(exitCode)) throw new BerthError('engine', `${path} does not hold an exit code: ${JSON.stringify(text.slice(0, 40))}`);
  const oomKilled = await stat(join(dir, 'oom')).then(
    () => true,
    () => false,
  );
  return { exitCode, oomKilled, finishedAt: formatNanos(mtimeNs) };
}

/**
 * Resolves when the container has ended. fs.watch on the container dir
 * does the work; a slow poll covers missed events and notices a conmon
 * that died without writing the file. Rejects when `signal` aborts.
 */
export function watchExit(dir: string, signal?: AbortSignal): Promise<ExitInfo> {
  return new Promise((resolvePromise, reject) => {
    let done = false;
    let checking = false;
    const finish = (error: unknown, info?: ExitInfo): void => {
      if (done) return;
      done = true;
      watcher?.close();
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      if (info !== undefined) resolvePromise(info);
      else reject(error);
    };
    const check = async (fromPoll: boolean): Promise<void> => {
      if (done || checking) return;
      checking = true;
      try {
        const info = await readExit(dir);
        if (info !== undefined) return finish(undefined, info);
        if (fromPoll && !(await conmonAlive(dir))) {
          const late = await readExit(dir);
          if (late !== undefined) return finish(undefined, late);
          finish(new BerthError('engine', `the monitor (conmon) of the container in ${dir} is gone and left no exit code`));
        }
      } catch (error) {
        finish(error);
      } finally {
        checking = false;
      }
    };
    const onAbort = (): void => finish(signal?.reason ?? new BerthError('cancelled', `waiting for the container in ${dir} to exit was cancelled`));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let watcher: ReturnType<typeof watch> | undefined;
    try {
      watcher = watch(dir, (_event, name) => {
        if (name === 'exit') void check(false);
      });
      watcher.on('error', () => undefined);
    } catch {
      watcher = undefined;
    }
    const timer = setInterval(() => void check(true), FALLBACK_POLL_MS);
    void check(false);
  });
}

async function conmonAlive(dir: string): Promise<boolean> {
  const text = await readFile(join(dir, 'conmon.pid'), 'utf8').catch(() => undefined);
  // Before conmon wrote its pid file it is starting, not gone.
  if (text === undefined) return true;
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Nanoseconds since the epoch → `2026-11-22T01:43:18.115035099Z`. */
export function formatNanos(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}.${fraction}Z`;
}
