/**
 * A container's stdin, fed through conmon's attach socket.
 *
 * conmon started with `--stdin` gives the container a pipe as stdin and
 * writes into it whatever arrives on `<bundle>/attach`, a SOCK_SEQPACKET
 * unix socket (Node can only open stream sockets). socat opens it for us:
 * its stdin goes to the socket; when its stdin ends it shuts the socket's
 * write side, conmon reads EOF and closes the container's stdin, unless it
 * was started with `--leave-stdin-open` (OpenStdin without StdinOnce).
 *
 * conmon also copies the container's output to every attach connection,
 * with blocking writes: socat's stdout is drained and dropped (berthd
 * serves output from the log, which an attach-before-start client needs),
 * so the container never waits on us.
 */
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError } from '../../errors.js';

const SEARCH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const MAX_ERROR_BYTES = 2048;

/** What conmon does with the container's stdin. */
export type StdinMode = 'closed' | 'open' | 'open-once';

/** conmon's flags for a stdin mode (Docker's OpenStdin / StdinOnce). */
export function conmonStdinArgs(mode: StdinMode): string[] {
  switch (mode) {
    case 'closed':
      return [];
    case 'open':
      // Docker keeps an OpenStdin container's stdin open when an attached client goes.
      return ['--stdin', '--leave-stdin-open'];
    case 'open-once':
      return ['--stdin'];
    default: {
      const unexpected: never = mode;
      throw new Error(`unknown stdin mode ${String(unexpected)}`);
    }
  }
}

export function stdinModeOf(create: { readonly OpenStdin?: unknown; readonly StdinOnce?: unknown }): StdinMode {
  if (create.OpenStdin !== true) return 'closed';
  return create.StdinOnce === true ? 'open-once' : 'open';
}

/** conmon binds the socket inside the bundle (its `--socket-dir-path` entry is a symlink to the bundle). */
export function bundleDirOf(containerDir: string): string {
  return join(resolve(containerDir), 'bundle');
}

let socatLookup: Promise<string> | undefined;

/** socat's path; rejects with what to install when it is missing. */
export function findSocat(environmentPath: string | undefined = process.env['PATH']): Promise<string> {
  socatLookup ??= (async () => {
    const dirs = [...(environmentPath ?? '').split(':').filter((dir) => dir.startsWith('/')), ...SEARCH_DIRS];
    for (const dir of dirs) {
      const candidate = join(dir, 'socat');
      if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
    }
    throw new BerthError('engine', 'feeding a container\'s stdin through attach needs socat (conmon\'s attach socket is SOCK_SEQPACKET): install it (Debian: apt-get install socat)');
  })();
  // A failed lookup is not cached: socat may be installed while berthd runs.
  socatLookup.catch(() => {
    socatLookup = undefined;
  });
  return socatLookup;
}

export type StdinOutcome = { readonly kind: 'delivered' } | { readonly kind: 'aborted' } | { readonly kind: 'failed'; readonly message: string };

/**
 * Connects to the running container's attach socket and pipes `input` into
 * it until `input` ends (then the socket's write side is shut, which is EOF
 * for a StdinOnce container), the container's conmon goes, or `signal`
 * aborts. Never rejects: a container that is gone is a `failed` outcome.
 */
export function feedStdin(socatPath: string, containerDir: string, input: Readable, signal: AbortSignal): Promise<StdinOutcome> {
  return new Promise((resolvePromise) => {
    if (signal.aborted) {
      resolvePromise({ kind: 'aborted' });
      return;
    }
    // A relative path from the bundle: the absolute one can pass the 108 bytes of sun_path.
    const child = spawn(socatPath, ['-', 'UNIX-CONNECT:attach,type=5'], { cwd: bundleDirOf(containerDir), stdio: ['pipe', 'pipe', 'pipe'] });
    let errorText = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => {
      if (errorText.length < MAX_ERROR_BYTES) errorText += chunk.toString('utf8');
    });
    // socat gone early: its stdin pipe breaks; the outcome comes from its exit.
    child.stdin.on('error', () => undefined);
    input.pipe(child.stdin);
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: StdinOutcome): void => {
      signal.removeEventListener('abort', onAbort);
      input.unpipe(child.stdin);
      resolvePromise(outcome);
    };
    child.once('error', (error) => finish({ kind: 'failed', message: `could not run ${socatPath}: ${error.message}` }));
    child.once('close', (code) => {
      if (signal.aborted) finish({ kind: 'aborted' });
      else if (code === 0) finish({ kind: 'delivered' });
      else finish({ kind: 'failed', message: `socat on ${join(bundleDirOf(containerDir), 'attach')} exited with ${code ?? 'a signal'}: ${errorText.trim().split('\n').slice(-2).join('; ')}` });
    });
  });
}
