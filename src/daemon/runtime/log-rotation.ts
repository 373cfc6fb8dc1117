/**
 * conmon 2.1.6 "rotates" at --log-size-max by replacing `ctr.log` with an
 * empty file (open ctr.log.tmp O_TRUNC, rename over ctr.log): the old
 * content is simply gone. berthd keeps one previous generation the cheap
 * way: `ctr.log.cur` is a hard link to the live file, so after conmon's
 * rename the old inode survives under that name; it then becomes
 * `ctr.log.1` and `ctr.log.cur` links the new file. Disk use stays under
 * twice the size limit, like Docker's json-file with max-file 2.
 *
 * A rotation that happens twice before anyone notices loses the middle
 * generation; `watchLogRotation` notices within milliseconds.
 */
import { watch } from 'node:fs';
import { link, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOG_FILE = 'ctr.log';
const CURRENT_LINK = 'ctr.log.cur';
export const PREVIOUS_LOG_FILE = 'ctr.log.1';

const locks = new Map<string, Promise<void>>();

/** Before conmon starts: the log file exists (conmon appends to it) and is linked. */
export async function prepareLog(dir: string): Promise<void> {
  await writeFile(join(dir, LOG_FILE), '', { flag: 'a' });
  await syncRotation(dir);
}

/** Moves a rotated-away generation to ctr.log.1; idempotent, serialized per directory. */
export function syncRotation(dir: string): Promise<void> {
  const previous = locks.get(dir) ?? Promise.resolve();
  const next = previous.then(() => syncOnce(dir)).catch(() => undefined);
  locks.set(dir, next);
  void next.then(() => {
    if (locks.get(dir) === next) locks.delete(dir);
  });
  return next;
}

async function syncOnce(dir: string): Promise<void> {
  const live = await stat(join(dir, LOG_FILE)).catch(() => undefined);
  if (live === undefined) return;
  const linked = await stat(join(dir, CURRENT_LINK)).catch(() => undefined);
  if (linked !== undefined && linked.ino === live.ino) return;
  if (linked !== undefined) await rename(join(dir, CURRENT_LINK), join(dir, PREVIOUS_LOG_FILE));
  await link(join(dir, LOG_FILE), join(dir, CURRENT_LINK)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** Keeps the previous generation while the container runs; stops on abort or when `<dir>/exit` appears. */
export function watchLogRotation(dir: string, signal: AbortSignal): void {
  if (signal.aborted) return;
  let watcher: ReturnType<typeof watch>;
  try {
    watcher = watch(dir, (_event, name) => {
      if (name === LOG_FILE) void syncRotation(dir);
      if (name === 'exit') stop();
    });
  } catch {
    return;
  }
  watcher.on('error', () => stop());
  const stop = (): void => {
    watcher.close();
    signal.removeEventListener('abort', stop);
  };
  signal.addEventListener('abort', stop, { once: true });
}
