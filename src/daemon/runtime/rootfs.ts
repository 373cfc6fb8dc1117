/**
 * A container's root filesystem: the image's flattened rootfs as the one
 * read-only lowerdir, the container's own `upper/` and `work/` beside the
 * mount point `rootfs/` in its directory. Mounting twice or unmounting
 * something not mounted are no-ops.
 *
 * Node has no mount(2), so the `mount` binary does it (≈4 ms).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BerthError } from '../../errors.js';

const MOUNT_TIMEOUT_MS = 15_000;

export function rootfsPathOf(dir: string): string {
  return join(resolve(dir), 'rootfs');
}

export async function mountRootfs(dir: string, lowerdir: string): Promise<string> {
  const target = rootfsPathOf(dir);
  const upper = join(resolve(dir), 'upper');
  const work = join(resolve(dir), 'work');
  for (const path of [lowerdir, upper, work]) {
    // The overlay option string separates with , and : (lowerdir lists).
    if (/[,:\\]/.test(path)) throw new BerthError('engine', `cannot mount an overlay with the path ${path}: it contains , : or \\`);
  }
  if (await isMounted(dir)) return target;
  await Promise.all([mkdir(target, { recursive: true }), mkdir(upper, { recursive: true }), mkdir(work, { recursive: true })]);
  const options = `lowerdir=${resolve(lowerdir)},upperdir=${upper},workdir=${work}`;
  await run('mount', ['-t', 'overlay', 'overlay', '-o', options, target], `mount the overlay at ${target}`);
  return target;
}

export async function unmountRootfs(dir: string): Promise<void> {
  const target = rootfsPathOf(dir);
  if (!(await isMounted(dir))) return;
  try {
    await run('umount', [target], `unmount ${target}`);
  } catch (error) {
    if (!(await isMounted(dir))) return;
    // Busy (a process of ours still has its cwd there): detach it now, the kernel frees it when the last user goes.
    if (error instanceof Error && /busy/i.test(error.message)) await run('umount', ['-l', target], `lazily unmount ${target}`);
    else throw error;
  }
}

export async function isMounted(dir: string): Promise<boolean> {
  const target = rootfsPathOf(dir);
  // Read at once: the kernel makes the text on read (tens of µs), while readFile's open/fstat/read/read/close
  // are five thread-pool round trips, milliseconds on a start's path when other file work is queued.
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  return mountinfo.split('\n').some((line) => unescapeMountPath(line.split(' ')[4] ?? '') === target);
}

function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

function run(command: string, args: readonly string[], what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { timeout: MOUNT_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (error === null) resolvePromise();
      else reject(new BerthError('engine', `could not ${what}: ${stderr.trim() || error.message}`, { cause: error }));
    });
  });
}
