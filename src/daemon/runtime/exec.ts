/**
 * Running a process in a running container with `runc exec --process`:
 * the container's own env, user, cwd, capabilities and rlimits are the
 * defaults (read from its bundle), the request overrides them.
 *
 * A TTY needs runc's console socket, and Node cannot receive the pty's fd
 * over a unix socket. Instead util-linux `script` opens a pty on the host
 * and runs `runc exec` in it. A foreground `runc exec` gives the process
 * pipes, not its own stdio (measured: `[ -t 0 ]` is false), so the pty
 * goes in as an extra fd (`--preserve-fds 1`, fd 3) and a `/bin/sh` of
 * the container moves it onto 0/1/2 before exec'ing the command; runc's
 * own stdin is /dev/null so that it does not compete for the input. The
 * exit code is runc's, i.e. the process's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { constants } from 'node:os';
import { BerthError } from '../../errors.js';
import type { OciProcess, OciSpec } from './oci-spec.js';
import type { RuncCommand } from './runc.js';
import { overlayEnv } from './spec-process.js';
import { resolveUser } from './spec-user.js';

export interface ExecOptions {
  readonly args: readonly string[];
  /** `KEY=value` entries over the container's environment. */
  readonly env?: readonly string[] | undefined;
  /** Docker's user syntax, resolved in the container's /etc/passwd; the container's user when absent. */
  readonly user?: string | undefined;
  readonly cwd?: string | undefined;
  readonly tty?: boolean | undefined;
  /** Every capability of the container's bounding set. */
  readonly privileged?: boolean | undefined;
  /** Give the process a stdin pipe (else /dev/null). */
  readonly stdin?: boolean | undefined;
}

export interface ExecProcess {
  /** `runc exec` (or `script` around it with a TTY); stdout/stderr are pipes, stdin when asked. */
  readonly child: ChildProcess;
  /** The exit code of the process in the container (128+n when a signal ended it). */
  readonly exited: Promise<number>;
  /** Signals the process in the container (not just runc). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const PID_FILE_WAIT_MS = 5000;

export async function startExec(runc: RuncCommand, id: string, options: ExecOptions): Promise<ExecProcess> {
  if (options.args.length === 0) throw new BerthError('invalid_argument', `exec in container ${id}: no command given`);
  const state = await runc.state(id);
  if (state === undefined) throw new BerthError('engine', `exec in container ${id}: no such container in the runtime`);
  if (state.status !== 'running') throw new BerthError('engine', `exec in container ${id}: the container is ${state.status}, not running`);
  const spec = JSON.parse(await readFile(join(state.bundle, 'config.json'), 'utf8')) as OciSpec;
  const process = await execProcess(spec, state.rootfs, options);
  if (options.tty === true) {
    if (!(await hasShell(state.rootfs))) throw new BerthError('engine', `exec in container ${id}: a TTY exec needs /bin/sh in the container; run it without a TTY`);
    process.args = ['/bin/sh', '-c', 'exec "$@" <&3 >&3 2>&3 3>&-', 'sh', ...process.args];
  }

  const token = randomBytes(6).toString('hex');
  const processFile = join(state.bundle, `exec-${token}.json`);
  const pidFile = join(state.bundle, `exec-${token}.pid`);
  await writeFile(processFile, JSON.stringify(process));
  const runcArgs = ['--root', runc.root, 'exec', ...(options.tty === true ? ['--preserve-fds', '1'] : []), '--process', processFile, '--pid-file', pidFile, id];
  const child =
    options.tty === true
      ? spawn('script', ['-qfec', `exec ${[runc.path, ...runcArgs].map(shellQuote).join(' ')} 3<&0 </dev/null`, '/dev/null'], {
          // script copies its stdin into the pty and stops at EOF, so it always gets a pipe (left open without `stdin`).
          stdio: ['pipe', 'pipe', 'pipe'],
          env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', SHELL: '/bin/sh', TERM: 'xterm' },
        })
      : spawn(runc.path, runcArgs, { stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number>((resolvePromise, reject) => {
    child.once('error', (error) => reject(new BerthError('engine', `exec in container ${id}: could not run ${options.tty === true ? 'script' : runc.path}: ${error.message}`, { cause: error })));
    child.once('close', (code, signal) => {
      void rm(processFile, { force: true });
      void rm(pidFile, { force: true });
      resolvePromise(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
  exited.catch(() => undefined);

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const pid = await waitForPid(pidFile, child);
    // The whole tree: a killed health-check shell must not leave its children running in the container.
    const targets = pid === undefined ? [] : await descendants(runc, id, pid);
    for (const target of targets) {
      try {
        globalThis.process.kill(target, signal);
      } catch {
        // Already gone.
      }
    }
    if (signal === 'SIGKILL') child.kill('SIGKILL');
  };
  return { child, exited, kill };
}

export interface CapturedExec {
  readonly exitCode: number;
  /** stdout and stderr together, at most `maxOutputBytes`. */
  readonly output: string;
  readonly timedOut: boolean;
}

/** For health checks: bounded time, output capped (Docker keeps 4 KiB). */
export async function captureExec(runc: RuncCommand, id: string, options: ExecOptions, timeoutMs: number, maxOutputBytes = 4096): Promise<CapturedExec> {
  const exec = await startExec(runc, id, { ...options, stdin: false, tty: false });
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = (chunk: Buffer): void => {
    if (size >= maxOutputBytes) return;
    const part = chunk.subarray(0, maxOutputBytes - size);
    chunks.push(part);
    size += part.length;
  };
  exec.child.stdout?.on('data', collect);
  exec.child.stderr?.on('data', collect);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void exec.kill('SIGKILL');
  }, timeoutMs);
  try {
    const exitCode = await exec.exited;
    return { exitCode, output: Buffer.concat(chunks).toString('utf8'), timedOut };
  } finally {
    clearTimeout(timer);
  }
}

async function execProcess(spec: OciSpec, rootfs: string, options: ExecOptions): Promise<OciProcess> {
  const base = spec.process;
  let user = base.user;
  if (options.user !== undefined && options.user !== '') {
    const [passwd, group] = await Promise.all([containerFile(rootfs, 'etc/passwd'), containerFile(rootfs, 'etc/group')]);
    const resolved = resolveUser(options.user, passwd, group);
    user = { uid: resolved.uid, gid: resolved.gid, ...(resolved.additionalGids.length > 0 ? { additionalGids: [...resolved.additionalGids] } : {}) };
  }
  const bounding = base.capabilities?.bounding ?? [];
  const capabilities = options.privileged === true ? { bounding: [...bounding], effective: [...bounding], permitted: [...bounding] } : base.capabilities;
  return {
    terminal: false,
    user,
    args: [...options.args],
    env: overlayEnv(base.env, options.env ?? []),
    cwd: options.cwd || base.cwd,
    ...(capabilities !== undefined ? { capabilities } : {}),
    ...(base.rlimits !== undefined ? { rlimits: base.rlimits } : {}),
    ...(base.noNewPrivileges !== undefined ? { noNewPrivileges: base.noNewPrivileges } : {}),
  };
}

async function hasShell(rootfs: string): Promise<boolean> {
  // /bin/sh is often a symlink (to busybox, dash) that only resolves inside the container: its presence is enough.
  return lstat(join(rootfs, 'bin', 'sh')).then(
    () => true,
    () => false,
  );
}

/** A file of the container's rootfs, unless it is a symlink (which would resolve on the host). */
async function containerFile(rootfs: string, path: string): Promise<string | undefined> {
  const full = join(rootfs, path);
  try {
    if ((await lstat(full)).isSymbolicLink() || (await lstat(dirname(full))).isSymbolicLink()) return undefined;
    return await readFile(full, 'utf8');
  } catch {
    return undefined;
  }
}

/** `pid` and its descendants among the container's processes. */
async function descendants(runc: RuncCommand, id: string, pid: number): Promise<number[]> {
  const pids = await runc
    .run(['ps', '--format', 'json', id])
    .then((output) => (JSON.parse(output) as number[] | null) ?? [])
    .catch(() => [] as number[]);
  const parents = new Map<number, number>();
  await Promise.all(
    pids.map(async (candidate) => {
      const stat = await readFile(`/proc/${candidate}/stat`, 'utf8').catch(() => '');
      // The fields after the command name (which may hold spaces and parentheses): state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number.isInteger(ppid)) parents.set(candidate, ppid);
    }),
  );
  const tree = [pid];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [candidate, parent] of parents) {
      if (tree.includes(parent) && !tree.includes(candidate)) {
        tree.push(candidate);
        grew = true;
      }
    }
  }
  return tree;
}

async function waitForPid(pidFile: string, child: ChildProcess): Promise<number | undefined> {
  const deadline = Date.now() + PID_FILE_WAIT_MS;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0) return pid;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
  }
  return undefined;
}

/** One POSIX shell word. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-./=:@%+,]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
