/**
 * Starting a container under conmon, the way the native-engine lab found
 * works: conmon (detached, cwd = the container dir, stdio to a file) runs
 * `runc create`, reports the container's pid (or runc's error) as the
 * first JSON line on the sync pipe (fd 3, which it keeps open), stays as
 * the container's parent after berthd exits, writes the k8s-file log, the
 * exit code (`<dir>/exit` and `<runRoot>/exits/<id>`) and `<dir>/oom`,
 * and runs the exit command. Then `runc start` runs the process.
 *
 * Files in the container dir: bundle/config.json, rootfs/ (the overlay),
 * ctr.log, exit, oom, pidfile, conmon.pid, conmon.out, runc.log.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError } from '../../errors.js';
import { conmonStdinArgs, type StdinMode } from './attach-stdin.js';
import { serializeSpec, type OciSpec } from './oci-spec.js';
import { cleanMessage, type RuncCommand } from './runc.js';

export const SYNC_TIMEOUT_MS = 60_000;
export const DEFAULT_LOG_SIZE_MAX_BYTES = 20 * 1024 * 1024;

export interface ConmonStart {
  readonly id: string;
  readonly dir: string;
  readonly spec: OciSpec;
  readonly conmonPath: string;
  readonly runc: RuncCommand;
  /** Per-daemon runtime state: `exits/`, `socket/`. */
  readonly runRoot: string;
  readonly logSizeMaxBytes: number;
  readonly exitCommand?: readonly string[] | undefined;
  /** The container's stdin: closed (/dev/null) unless fed through the attach socket. */
  readonly stdin?: StdinMode | undefined;
}

export function exitDirOf(runRoot: string): string {
  return join(runRoot, 'exits');
}

export function logPathOf(dir: string): string {
  return join(resolve(dir), 'ctr.log');
}

/** Creates the container under conmon; resolves with its pid once runc has created it (not started yet). */
export async function createUnderConmon(start: ConmonStart): Promise<{ pid: number }> {
  await prepareConmonFiles(start);
  return spawnUnderConmon(start);
}

/**
 * The first half of `createUnderConmon`: the bundle's config.json, conmon's
 * directories, and none of the last run's files. It touches neither the
 * rootfs nor the log, so it may run while the overlay is being mounted.
 */
export async function prepareConmonFiles(start: Pick<ConmonStart, 'id' | 'dir' | 'spec' | 'runRoot'>): Promise<void> {
  const dir = resolve(start.dir);
  const bundle = join(dir, 'bundle');
  const exitDir = exitDirOf(start.runRoot);
  await Promise.all([mkdir(bundle, { recursive: true }), mkdir(exitDir, { recursive: true }), mkdir(join(start.runRoot, 'socket'), { recursive: true })]);
  // A restarted container must not be taken for exited by the files of its last run.
  await Promise.all([...['exit', 'oom', 'pidfile', 'conmon.pid', 'runc.log'].map((name) => rm(join(dir, name), { force: true })), rm(join(exitDir, start.id), { force: true })]);
  await writeFile(join(bundle, 'config.json'), serializeSpec(start.spec));
}

/** The second half of `createUnderConmon`, once `prepareConmonFiles` has run and the rootfs is mounted. */
export async function spawnUnderConmon(start: ConmonStart): Promise<{ pid: number }> {
  const dir = resolve(start.dir);
  const bundle = join(dir, 'bundle');
  const exitDir = exitDirOf(start.runRoot);
  const socketDir = join(start.runRoot, 'socket');

  const args = [
    '--api-version', '1',
    '-c', start.id, '-u', start.id, '-n', start.id,
    '-r', start.runc.path,
    '-b', bundle,
    '-p', join(dir, 'pidfile'),
    '-P', join(dir, 'conmon.pid'),
    '-l', `k8s-file:${logPathOf(dir)}`,
    '--log-size-max', String(start.logSizeMaxBytes),
    '--exit-dir', exitDir,
    '-0', dir,
    '--socket-dir-path', socketDir,
    '--log-level', 'warning',
    '--runtime-arg', `--root=${start.runc.root}`,
    '--runtime-arg', '--log-format=json',
    '--runtime-arg', `--log=${join(dir, 'runc.log')}`,
    ...conmonStdinArgs(start.stdin ?? 'closed'),
  ];
  const [exitCommand, ...exitArgs] = start.exitCommand ?? [];
  if (exitCommand !== undefined) {
    args.push('--exit-command', exitCommand);
    for (const arg of exitArgs) args.push('--exit-command-arg', arg);
  }

  // A file, not a pipe: conmon would otherwise hold berthd's pipes open after berthd exits.
  const outputFd = openSync(join(dir, 'conmon.out'), 'a');
  let child;
  try {
    child = spawn(start.conmonPath, args, {
      cwd: dir,
      detached: true,
      stdio: ['ignore', outputFd, outputFd, 'pipe'],
      env: { ...process.env, _OCI_SYNCPIPE: '3' },
    });
  } finally {
    closeSync(outputFd);
  }
  child.on('error', () => undefined);
  child.unref();
  const syncPipe = child.stdio[3] as Readable | null;
  if (syncPipe === null) throw new BerthError('engine', `container ${start.id}: conmon has no sync pipe`);

  let line: string;
  try {
    line = await firstLine(syncPipe, SYNC_TIMEOUT_MS, child);
  } catch (error) {
    await killConmon(dir);
    throw new BerthError('engine', `container ${start.id}: conmon did not report the container's start: ${(error as Error).message}${await conmonOutput(dir)}`, { cause: error });
  } finally {
    syncPipe.destroy();
  }
  let report: { data?: unknown; message?: unknown };
  try {
    report = JSON.parse(line) as { data?: unknown; message?: unknown };
  } catch (error) {
    throw new BerthError('engine', `container ${start.id}: conmon sent an unreadable sync message ${JSON.stringify(line)}`, { cause: error });
  }
  if (typeof report.data !== 'number' || report.data <= 0) {
    const message = typeof report.message === 'string' ? report.message.trim() : `no pid (${line})`;
    const runcLog = cleanMessage(await readFile(join(dir, 'runc.log'), 'utf8').catch(() => ''));
    throw new BerthError('engine', `container ${start.id}: the OCI runtime could not create it: ${message}${runcLog !== '' && !message.includes(runcLog) ? ` (${runcLog})` : ''}`);
  }
  return { pid: report.data };
}

function firstLine(stream: Readable, timeoutMs: number, child: { once(event: 'exit', listener: (code: number | null) => void): unknown }): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let buffered = '';
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error: Error | undefined, line?: string): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      if (error !== undefined) reject(error);
      else resolvePromise(line ?? '');
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      // conmon keeps the pipe open: the first newline is the answer, not EOF.
      if (newline >= 0) finish(undefined, buffered.slice(0, newline));
    };
    const onEnd = (): void => (buffered.trim() !== '' ? finish(undefined, buffered.trim()) : finish(new Error('conmon closed the sync pipe without a message')));
    stream.on('data', onData);
    stream.on('end', onEnd);
    child.once('exit', (code) => {
      // The first conmon process exits early by design (it double-forks); only a failure code means trouble.
      if (code !== 0 && code !== null) setTimeout(() => finish(new Error(`conmon exited with code ${code}`)), 200).unref();
    });
  });
}

async function killConmon(dir: string): Promise<void> {
  const pid = Number((await readFile(join(dir, 'conmon.pid'), 'utf8').catch(() => '')).trim());
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function conmonOutput(dir: string): Promise<string> {
  const text = (await readFile(join(dir, 'conmon.out'), 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('oom_score_adj'))
    .slice(-5)
    .join('; ');
  return text === '' ? '' : ` (conmon: ${text})`;
}
