#!/usr/bin/env node
/**
 * The berthd process. `berth` starts it detached when its socket does not
 * answer; `berth engine` runs it in the foreground. Only this file reads
 * process state. SIGTERM and SIGINT stop the daemon, never the containers:
 * conmon keeps each of them running, and the next berthd adopts them.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemon } from './daemon.js';
import { daemonPaths } from './paths.js';
import { BERTHD_VERSION } from './version.js';

const paths = daemonPaths(process.env);
if (process.getuid?.() !== 0) {
  console.error('berthd: must run as root (it mounts filesystems and runs containers with runc)');
  process.exit(1);
}
await mkdir(paths.run, { recursive: true, mode: 0o700 });
const pidFile = join(paths.run, 'berthd.pid');
await claimPidFile(pidFile);
const daemon = await startDaemon(paths, BERTHD_VERSION).catch(async (error: unknown) => {
  console.error(`berthd: cannot start: ${(error as Error).message}`);
  await rm(pidFile, { force: true });
  process.exit(1);
});
console.error(`berthd ${BERTHD_VERSION}: listening on unix://${daemon.socket} (state in ${paths.root})`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  // Stopping must not hang on a stuck client or operation: containers are safe under conmon anyway.
  setTimeout(() => {
    console.error('berthd: did not stop cleanly within 10 s; exiting');
    process.exit(0);
  }, 10_000).unref();
  void daemon
    .close()
    .catch((error: unknown) => console.error(`berthd: while stopping: ${(error as Error).message}`))
    .finally(async () => {
      await rm(pidFile, { force: true });
      process.exit(0);
    });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/** One berthd per state directory: a live pid in the pid file means another one runs. */
async function claimPidFile(path: string): Promise<void> {
  const previous = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(previous) && previous > 0 && previous !== process.pid && alive(previous)) {
    console.error(`berthd: another berthd (pid ${previous}) already runs for ${paths.root}; stop it first`);
    process.exit(1);
  }
  const handle = await open(path, 'w', 0o600);
  await handle.writeFile(`${process.pid}\n`);
  await handle.close();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
