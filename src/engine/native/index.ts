/**
 * berth's own engine, from the client's side: berthd speaks the Docker
 * Engine API on a unix socket, so the Docker adapter drives it; this module
 * finds berthd's socket and starts berthd (detached) when nothing answers.
 */
import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { daemonPaths } from '../../daemon/paths.js';
import type { Engine, EngineInfo } from '../engine.js';
import { EngineError } from '../errors.js';
import { createDockerEngine } from '../docker/index.js';

export interface NativeEngineOptions {
  /** berthd's socket; default: `BERTH_SOCKET`, else under `BERTH_ROOT`'s run dir, else /run/berth/docker.sock (daemon/paths.ts). */
  readonly socket?: string | undefined;
  /** The environment berthd is started with (BERTH_ROOT, BERTH_RUN, BERTH_CONFIG pass through). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** How long to wait for a berthd that was just started (default 15 s). */
  readonly startTimeoutMs?: number;
}

/** Where berthd listens, by berthd's own rules (BERTH_SOCKET, else under BERTH_ROOT, else /run/berth). */
export function berthdSocket(environment: Readonly<Record<string, string | undefined>>): string {
  return daemonPaths(environment).socket;
}

export async function createNativeEngine(options: NativeEngineOptions = {}): Promise<Engine> {
  const environment = options.environment ?? {};
  const socket = options.socket ?? berthdSocket(environment);
  if (!(await answers(socket))) await startBerthd(socket, environment, options.startTimeoutMs ?? 15_000);
  const docker = createDockerEngine({ host: `unix://${socket}` });
  return {
    ...docker,
    async info(signal?: AbortSignal): Promise<EngineInfo> {
      return { ...(await docker.info(signal)), engine: 'native' };
    },
  };
}

/** Whether berthd answers `_ping` on the socket (within a short bound). */
export function answers(socket: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const call = request({ socketPath: socket, path: '/_ping', method: 'GET', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    call.on('error', () => resolve(false));
    call.on('timeout', () => {
      call.destroy();
      resolve(false);
    });
    call.end();
  });
}

/** The berthd entry script beside this build (dist/daemon/main.js), or `BERTHD_ENTRY`. */
export function berthdEntry(environment: Readonly<Record<string, string | undefined>>): string {
  const given = environment['BERTHD_ENTRY'];
  if (given !== undefined && given !== '') return given;
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'daemon', 'main.js');
}

async function startBerthd(socket: string, environment: Readonly<Record<string, string | undefined>>, timeoutMs: number): Promise<void> {
  const runDirectory = dirname(socket);
  await mkdir(runDirectory, { recursive: true, mode: 0o700 });
  const log = await open(join(runDirectory, 'berthd.log'), 'a', 0o600);
  try {
    const child = spawn(process.execPath, [berthdEntry(environment)], {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      env: { ...pick(environment, ['PATH', 'BERTH_ROOT', 'BERTH_RUN', 'BERTH_CONFIG', 'HOME', 'DOCKER_CONFIG']), BERTH_SOCKET: socket },
      cwd: '/',
    });
    let exited: number | null = null;
    child.once('exit', (code) => {
      exited = code ?? 1;
    });
    child.unref();
    const deadline = Date.now() + timeoutMs;
    for (let delayMs = 10; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 200)) {
      if (await answers(socket, 500)) return;
      if (exited !== null) break;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    throw new EngineError(
      'unavailable',
      exited !== null
        ? `berthd exited (code ${exited}) before it answered on ${socket}; its log is ${join(runDirectory, 'berthd.log')}`
        : `berthd did not answer on ${socket} within ${timeoutMs / 1000} s; its log is ${join(runDirectory, 'berthd.log')}`,
    );
  } finally {
    await log.close();
  }
}

function pick(environment: Readonly<Record<string, string | undefined>>, keys: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of keys) {
    const value = environment[key];
    if (value !== undefined) result[key] = value;
  }
  return result;
}
