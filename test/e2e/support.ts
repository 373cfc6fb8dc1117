/**
 * What the end-to-end scenarios share: a project of their own (fixture
 * directory, unique project name, everything removed afterwards), the built
 * `berth` binary, the engine's own view of what exists, and `eventually`.
 */
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { request } from 'node:http';
import type { TestContext } from 'node:test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { berth, fixture, repoRoot, type CliResult } from '../helpers/cli.js';
import { dockerHost, requireDocker } from '../helpers/docker.js';

export { TEST_IMAGE } from '../helpers/docker.js';

export interface E2eProject {
  readonly name: string;
  readonly dir: string;
  /** Runs `berth` in the project directory with `-p <name>` and plain progress. */
  berth(args: readonly string[], options?: { env?: Record<string, string>; timeoutMs?: number; stdin?: string }): Promise<CliResult>;
  /** Rewrites (or adds) a file of the fixture. */
  write(path: string, text: string): Promise<void>;
}

/**
 * A project for one scenario, or undefined (the test skipped with a printed
 * reason) when no engine answers. `down -v --remove-orphans` runs after the
 * test, whatever happened.
 */
export async function e2eProject(t: TestContext, intent: string, files: Record<string, string>): Promise<E2eProject | undefined> {
  if (!(await requireDocker(t))) return undefined;
  const name = `e2e-${intent}-${randomBytes(3).toString('hex')}`;
  const dir = await fixture(files, name);
  const run = (args: readonly string[], options: { env?: Record<string, string>; timeoutMs?: number; stdin?: string } = {}): Promise<CliResult> =>
    berth(['-p', name, '--progress', 'plain', ...args], {
      cwd: dir.dir,
      env: { DOCKER_HOST: dockerHost(), ...options.env },
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    });
  t.after(async () => {
    // From outside the fixture, so `down` works from labels even when the test broke the compose file.
    const result = await berth(['-p', name, '--progress', 'quiet', 'down', '-v', '--remove-orphans', '-t', '0'], {
      cwd: dirname(dir.dir),
      env: { DOCKER_HOST: dockerHost() },
      timeoutMs: 60_000,
    });
    await dir[Symbol.asyncDispose]();
    if (result.exitCode !== 0) throw new Error(`cleanup of ${name} failed: ${result.stderr}`);
  });
  const { writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  return { name, dir: dir.dir, berth: run, write: (path, text) => writeFile(join(dir.dir, path), text) };
}

/** Polls `check` until it stops throwing (returns its value) or the time is up (throws its last error). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let delayMs = 20;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() > deadline) {
        throw new Error(`${what} did not hold within ${timeoutMs} ms: ${(error as Error).message}`, { cause: error });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 250);
  }
}

/** GET on the engine's API, parsed as JSON (the engine's own view, independent of berth). */
export function engineGet<T>(path: string): Promise<T> {
  const host = dockerHost();
  const target = host.startsWith('unix://') ? { socketPath: host.slice('unix://'.length) } : (() => {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  })();
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 400) reject(new Error(`GET ${path}: ${res.statusCode} ${body}`));
        else resolve(JSON.parse(body) as T);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export interface EngineContainer {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly State: string;
  readonly Status: string;
  readonly Labels: Readonly<Record<string, string>>;
  readonly Ports: readonly { readonly IP?: string; readonly PrivatePort: number; readonly PublicPort?: number; readonly Type: string }[];
}

/** The project's containers (all states), by name. */
export async function containersOf(projectName: string): Promise<Map<string, EngineContainer>> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${projectName}`] }));
  const list = await engineGet<EngineContainer[]>(`/containers/json?all=1&filters=${filters}`);
  return new Map(list.map((container) => [(container.Names[0] ?? '').replace(/^\//, ''), container]));
}

export async function inspectContainer<T = { State: { Status: string; ExitCode: number; StartedAt: string; FinishedAt: string; Health?: { Status: string; Log?: { End: string; ExitCode: number }[] } }; Config: { Env: string[] } }>(nameOrId: string): Promise<T> {
  return engineGet<T>(`/containers/${encodeURIComponent(nameOrId)}/json`);
}

export async function volumesOf(projectName: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${projectName}`] }));
  const answer = await engineGet<{ Volumes: { Name: string }[] | null }>(`/volumes?filters=${filters}`);
  return (answer.Volumes ?? []).map((volume) => volume.Name).sort();
}

export async function networksOf(projectName: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${projectName}`] }));
  const answer = await engineGet<{ Name: string }[]>(`/networks?filters=${filters}`);
  return answer.map((network) => network.Name).sort();
}

/** Fails with berth's output when it did not exit as expected. */
export function expectExit(result: CliResult, exitCode: number, what: string): void {
  if (result.exitCode !== exitCode) {
    throw new Error(`${what}: expected exit ${exitCode}, got ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
}

export interface RunningBerth {
  readonly pid: number;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Sends a signal to this berth process (and nothing else). */
  signal(name: NodeJS.Signals): void;
  readonly done: Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

/** Starts `berth` without waiting for it, for scenarios that interact with a running berth. */
export function spawnBerth(args: readonly string[], cwd: string): RunningBerth {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'berth.cjs'), ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd, DOCKER_HOST: dockerHost() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ exitCode: signal ? 128 : (code ?? 1), stdout, stderr })),
  );
  return { pid: child.pid ?? 0, stdout: () => stdout, stderr: () => stderr, signal: (name) => child.kill(name), done };
}
