/**
 * A per-project advisory lock, so two berth processes never change one
 * project at once (Compose has none: docker/compose#10754). The lock is a
 * file, `<dir>/<project>.lock`, created with an exclusive open; it holds the
 * holder's pid. A lock whose holder is gone (killed, crashed) is stale and is
 * broken by the next comer. Different projects use different files, so they
 * never block each other.
 *
 * Breaking a stale lock must not remove a fresh one a third process just
 * made, so it happens under a second, short-lived lock (`<file>.break`):
 * only its holder may re-read the pid and remove the stale file.
 *
 * The file system and the process table come from a `LockHost`, so this
 * module stays testable without either.
 */
import { join } from 'node:path';
import { BerthError } from '../errors.js';

export interface LockHost {
  /** This process's pid, written into locks it takes. */
  readonly pid: number;
  mkdir(path: string): Promise<void>;
  /** Creates the file with `text`; resolves false when it exists already (an exclusive open). */
  createExclusive(path: string, text: string): Promise<boolean>;
  /** The file's text; undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  /** Removes the file; a missing file is fine. */
  remove(path: string): Promise<void>;
  /** Whether a process with this pid exists. */
  isAlive(pid: number): boolean;
  /** Resolves after `ms`, or rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ProjectLock extends AsyncDisposable {
  readonly path: string;
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** Where lock files live: `/run/berth/locks`, or under `$XDG_RUNTIME_DIR`. */
  readonly directory: string;
  readonly host: LockHost;
  /** Told once, when the lock is held by another live process. */
  readonly onWait?: ((message: string) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** How often to look again while waiting. */
  readonly pollMs?: number | undefined;
}

/** How long an unreadable (just being written) lock file is given before it counts as stale. */
const EMPTY_GRACE_POLLS = 20;

export async function acquireProjectLock(projectName: string, options: AcquireOptions): Promise<ProjectLock> {
  const { host, directory } = options;
  const path = join(directory, `${projectName}.lock`);
  const ownText = `${host.pid}\n`;
  const pollMs = options.pollMs ?? 100;
  let toldPid: number | undefined;
  let emptyPolls = 0;
  try {
    await host.mkdir(directory);
  } catch (error) {
    throw new BerthError('locked', `cannot create the lock directory ${directory}: ${(error as Error).message}; set XDG_RUNTIME_DIR to a writable directory`, { cause: error });
  }
  for (;;) {
    if (options.signal?.aborted) throw new BerthError('cancelled', `waiting for the lock on project ${projectName} was cancelled`);
    if (await host.createExclusive(path, ownText)) return heldLock(path, ownText, host);
    const holder = parsePid(await host.read(path));
    if (holder === undefined) {
      // Another process may be between its exclusive create and its write.
      if (++emptyPolls > EMPTY_GRACE_POLLS) await breakStaleLock(path, undefined, host);
    } else if (!host.isAlive(holder)) {
      await breakStaleLock(path, holder, host);
      continue;
    } else if (toldPid !== holder) {
      toldPid = holder;
      options.onWait?.(`waiting for another berth (pid ${holder}) working on project ${projectName}`);
    }
    try {
      await host.sleep(pollMs, options.signal);
    } catch (error) {
      throw new BerthError('cancelled', `waiting for the lock on project ${projectName} was cancelled`, { cause: error });
    }
  }
}

function heldLock(path: string, ownText: string, host: LockHost): ProjectLock {
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    // Remove it only while it is still ours (it may have been broken as stale meanwhile).
    if ((await host.read(path)) === ownText) await host.remove(path);
  };
  return { path, release, [Symbol.asyncDispose]: release };
}

async function breakStaleLock(path: string, stalePid: number | undefined, host: LockHost): Promise<void> {
  const breaker = `${path}.break`;
  if (!(await host.createExclusive(breaker, `${host.pid}\n`))) {
    const breakerPid = parsePid(await host.read(breaker));
    // A breaker left by a process that died mid-break would block everyone.
    if (breakerPid !== undefined && !host.isAlive(breakerPid)) await host.remove(breaker);
    return;
  }
  try {
    if (parsePid(await host.read(path)) === stalePid) await host.remove(path);
  } finally {
    await host.remove(breaker);
  }
}

function parsePid(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const pid = Number(trimmed);
  return pid > 0 ? pid : undefined;
}

/**
 * Where lock files go: `/run/berth/locks` for root, else
 * `$XDG_RUNTIME_DIR/berth/locks`, else a per-user directory under the
 * system's temporary directory.
 */
export function lockDirectory(facts: { readonly uid: number | undefined; readonly xdgRuntimeDir: string | undefined; readonly tmpDir: string }): string {
  if (facts.uid === 0) return '/run/berth/locks';
  if (facts.xdgRuntimeDir !== undefined && facts.xdgRuntimeDir !== '') return join(facts.xdgRuntimeDir, 'berth', 'locks');
  return join(facts.tmpDir, `berth-${facts.uid ?? 'user'}`, 'locks');
}
