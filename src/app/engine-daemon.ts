/**
 * `berth engine`: run berthd in the foreground, ask whether it runs, stop it.
 * Stopping berthd never stops containers: conmon keeps them, and the next
 * berthd adopts them.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createReadStream } from 'node:fs';
import { answers, berthdEntry, berthdSocket, createNativeEngine } from '../engine/native/index.js';
import { BerthError } from '../errors.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** Runs berthd attached to this terminal; resolves with its exit code. */
export function runEngineForeground(environment: Environment, signal?: AbortSignal): Promise<number> {
  const child = spawn(process.execPath, [berthdEntry(environment)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...definedOnly(environment), BERTH_SOCKET: berthdSocket(environment) },
  });
  signal?.addEventListener('abort', () => child.kill('SIGTERM'), { once: true });
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new BerthError('engine', `cannot start berthd: ${error.message}`, { cause: error })));
    child.once('exit', (code, killed) => resolve(code ?? (killed === null ? 1 : 128)));
  });
}

export interface EngineStatus {
  readonly running: boolean;
  readonly socket: string;
  readonly pid?: number | undefined;
}

export async function engineStatus(environment: Environment): Promise<EngineStatus> {
  const socket = berthdSocket(environment);
  const running = await answers(socket);
  const pid = running ? await readPid(socket) : undefined;
  return { running, socket, pid };
}

/** Stops berthd (SIGTERM) and waits until its socket no longer answers; false when it was not running. */
export async function stopEngine(environment: Environment, timeoutMs = 15_000): Promise<boolean> {
  const socket = berthdSocket(environment);
  if (!(await answers(socket))) return false;
  const pid = await readPid(socket);
  if (pid === undefined) throw new BerthError('engine', `berthd answers on ${socket} but left no pid file in ${dirname(socket)}; stop it by hand`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new BerthError('engine', `berthd (pid ${pid}) did not stop within ${timeoutMs / 1000} s`);
}

async function readPid(socket: string): Promise<number | undefined> {
  const text = await readFile(join(dirname(socket), 'berthd.pid'), 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function definedOnly(environment: Environment): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) if (value !== undefined) result[key] = value;
  return result;
}

/** Loads a `docker save` (or OCI) archive into berthd, starting it when needed; resolves the loaded names. */
export async function loadIntoEngine(environment: Environment, archive: string): Promise<readonly string[]> {
  const engine = await createNativeEngine({ environment });
  try {
    const stream = createReadStream(archive);
    const opened = new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error) => reject(new BerthError('file_not_found', `cannot read the image archive ${archive}: ${error.message}`, { cause: error })));
    });
    await opened;
    return await engine.images.load(stream);
  } finally {
    await engine.close();
  }
}
