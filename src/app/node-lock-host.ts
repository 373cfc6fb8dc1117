/**
 * The lock's view of the real machine: files under the lock directory and
 * the process table. The one place in app/ that touches them.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { LockHost } from './lock.js';

export const nodeLockHost: LockHost = {
  pid: process.pid,
  async mkdir(path) {
    await mkdir(path, { recursive: true, mode: 0o755 });
  },
  async createExclusive(path, text) {
    let handle;
    try {
      handle = await open(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return true;
  },
  async read(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async remove(path) {
    await rm(path, { force: true });
  },
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  async sleep(ms, signal) {
    await delay(ms, undefined, signal === undefined ? {} : { signal });
  },
};
