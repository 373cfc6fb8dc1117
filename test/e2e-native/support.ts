/**
 * What the end-to-end scenarios on berthd share: one test berthd per file
 * (started in `before`, loaded with the test image, stopped in `after` with
 * its leftovers asserted empty), a project per scenario driving the built
 * `berth` CLI with `BERTH_SOCKET` and no `DOCKER_HOST`, and berthd's own view
 * of what exists, read from its socket.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, type TestContext } from 'node:test';
import { createNativeEngine } from '../../src/engine/native/index.js';
import { berthdSkipReason, startTestBerthd, type TestBerthd } from '../helpers/berthd.js';
import { berth, fixture, repoRoot, type CliResult } from '../helpers/cli.js';
import { TEST_IMAGE_ARCHIVE } from '../helpers/docker.js';

export { TEST_IMAGE } from '../helpers/docker.js';
export type { CliResult } from '../helpers/cli.js';
// The same waiting and exit checks as the Docker scenarios, and the same free-port finder as the registries.
export { eventually, expectExit } from '../e2e/support.js';
export { freePort } from '../helpers/net.js';

export interface BerthOptions {
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
  readonly stdin?: string;
}

export interface NativeProject {
  readonly name: string;
  readonly dir: string;
  /** Runs `berth` in the project directory with `-p <name>` and plain progress, against the file's berthd. */
  berth(args: readonly string[], options?: BerthOptions): Promise<CliResult>;
  /** Starts `berth` in the project directory without waiting for it. */
  spawn(args: readonly string[]): RunningBerth;
  /** Runs `berth` with a terminal as its stdin, stdout and stderr (merged into stdout); undefined without python3. */
  onTerminal(args: readonly string[]): Promise<CliResult | undefined>;
  /** Rewrites (or adds) a file of the fixture. */
  write(path: string, text: string): Promise<void>;
}

export interface RunningBerth {
  stdout(): string;
  stderr(): string;
  signal(name: NodeJS.Signals): void;
  readonly done: Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

export interface EngineContainer {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly State: string;
  readonly Status: string;
  readonly Labels: Readonly<Record<string, string>>;
}

export interface ContainerInspect {
  readonly Id: string;
  readonly RestartCount: number;
  readonly State: {
    readonly Status: string;
    readonly ExitCode: number;
    readonly StartedAt: string;
    readonly FinishedAt: string;
    readonly Pid: number;
    readonly Health?: { readonly Status: string; readonly Log?: readonly { readonly Start: string; readonly End: string; readonly ExitCode: number }[] };
  };
  readonly Config: { readonly Env: readonly string[] };
  readonly Mounts: readonly { readonly Type: string; readonly Name?: string; readonly Source: string; readonly Destination: string; readonly RW: boolean }[];
}

/**
 * The berthd of one test file. Call at the top of the file: it registers the
 * file's `before` and `after`. Scenarios then call `project(t, …)`, which
 * skips the test with a printed reason when berthd cannot run here.
 */
export interface NativeSuite {
  project(t: TestContext, intent: string, files: Record<string, string>): Promise<NativeProject | undefined>;
  engineGet<T>(path: string): Promise<T>;
  /** The project's containers (all states), by name. */
  containersOf(projectName: string): Promise<Map<string, EngineContainer>>;
  inspect(nameOrId: string): Promise<ContainerInspect>;
  volumesOf(projectName: string): Promise<string[]>;
  /** The test berthd (defined once `before` ran and berthd can run here). */
  daemon(): TestBerthd;
}

const skipReason = await berthdSkipReason();
if (skipReason !== undefined) console.log(`# e2e scenarios on berthd skipped: ${skipReason}`);

export function nativeSuite(): NativeSuite {
  let daemon: TestBerthd | undefined;

  before(async () => {
    if (skipReason !== undefined) return;
    daemon = await startTestBerthd();
    const engine = await createNativeEngine({ socket: daemon.socket });
    try {
      await engine.images.load(createReadStream(TEST_IMAGE_ARCHIVE));
    } finally {
      await engine.close();
    }
  });

  after(async () => {
    if (daemon === undefined) return;
    const problems = await daemon.stop();
    assert.deepEqual(problems, [], `berthd left things behind; its output:\n${daemon.output()}`);
  });

  const running = (): TestBerthd => {
    if (daemon === undefined) throw new Error('the test berthd is not running (its before hook failed or did not run)');
    return daemon;
  };

  // BERTH_ROOT as well: should the test berthd be gone, a berthd that berth starts keeps its state in the test's root.
  const cliEnvironment = (): Record<string, string> => ({ BERTH_SOCKET: running().socket, BERTH_ROOT: running().root });

  const engineGet = <T>(path: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const call = request({ socketPath: running().socket, path, method: 'GET', timeout: 10_000 }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          if ((response.statusCode ?? 500) >= 400) reject(new Error(`GET ${path} on berthd: ${response.statusCode} ${body}`));
          else resolve(JSON.parse(body) as T);
        });
      });
      call.on('timeout', () => call.destroy(new Error(`GET ${path} on berthd: no answer within 10 s`)));
      call.on('error', reject);
      call.end();
    });

  const labelFilter = (projectName: string): string => encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${projectName}`] }));

  return {
    engineGet,
    daemon: running,
    async containersOf(projectName) {
      const list = await engineGet<EngineContainer[]>(`/containers/json?all=1&filters=${labelFilter(projectName)}`);
      return new Map(list.map((container) => [(container.Names[0] ?? '').replace(/^\//, ''), container]));
    },
    inspect: (nameOrId) => engineGet<ContainerInspect>(`/containers/${encodeURIComponent(nameOrId)}/json`),
    async volumesOf(projectName) {
      const answer = await engineGet<{ Volumes: { Name: string }[] | null }>(`/volumes?filters=${labelFilter(projectName)}`);
      return (answer.Volumes ?? []).map((volume) => volume.Name).sort();
    },
    async project(t, intent, files) {
      if (skipReason !== undefined) {
        t.diagnostic(skipReason);
        t.skip(skipReason);
        return undefined;
      }
      const name = `n-${intent}-${randomBytes(3).toString('hex')}`;
      const directory = await fixture(files, name);
      const run = (args: readonly string[], options: BerthOptions = {}): Promise<CliResult> =>
        berth(['-p', name, '--progress', 'plain', ...args], {
          cwd: directory.dir,
          env: { ...cliEnvironment(), ...options.env },
          timeoutMs: options.timeoutMs ?? 60_000,
          ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
        });
      t.after(async () => {
        // From outside the fixture, so `down` works from labels even when the test broke the compose file.
        const result = await berth(['-p', name, '--progress', 'quiet', 'down', '-v', '--remove-orphans', '-t', '0'], {
          cwd: dirname(directory.dir),
          env: cliEnvironment(),
          timeoutMs: 60_000,
        });
        await directory[Symbol.asyncDispose]();
        if (result.exitCode !== 0) throw new Error(`cleanup of ${name} failed: ${result.stderr}`);
      });
      return {
        name,
        dir: directory.dir,
        berth: run,
        spawn: (args) => spawnBerth(['-p', name, '--progress', 'plain', ...args], directory.dir, cliEnvironment()),
        onTerminal: (args) => onTerminal(['-p', name, '--progress', 'plain', ...args], directory.dir, cliEnvironment()),
        write: (path, text) => writeFile(join(directory.dir, path), text),
      };
    },
  };
}

function spawnBerth(args: readonly string[], cwd: string, environment: Record<string, string>, launcher: readonly string[] = [process.execPath]): RunningBerth {
  const [command = process.execPath, ...launcherArgs] = launcher;
  const child = spawn(command, [...launcherArgs, join(repoRoot, 'bin', 'berth.cjs'), ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: cwd, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ exitCode: signal ? 128 : (code ?? 1), stdout, stderr })),
  );
  return { stdout: () => stdout, stderr: () => stderr, signal: (name) => child.kill(name), done };
}

// Python's pty module lends berth a terminal without a native addon; the exit status becomes python's.
const PTY_RUNNER = 'import os, pty, sys\nsys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))';

async function onTerminal(args: readonly string[], cwd: string, environment: Record<string, string>): Promise<CliResult | undefined> {
  const found = await new Promise<boolean>((resolve) => {
    const probe = spawn('python3', ['-c', 'import pty'], { stdio: 'ignore' });
    probe.on('error', () => resolve(false));
    probe.on('close', (code) => resolve(code === 0));
  });
  if (!found) return undefined;
  const started = performance.now();
  const running = spawnBerth(args, cwd, environment, ['python3', '-c', PTY_RUNNER, process.execPath]);
  const result = await running.done;
  return { ...result, elapsedMs: performance.now() - started };
}

/** What of these containers is still on the host: mounts, conmon processes, cgroups named by their ids. */
export async function hostTracesOf(containerIds: readonly string[]): Promise<string[]> {
  if (containerIds.length === 0) return [];
  const traces: string[] = [];
  const mentions = (text: string): boolean => containerIds.some((id) => text.includes(id));
  for (const line of (await readFile('/proc/self/mountinfo', 'utf8')).split('\n')) {
    if (mentions(line)) traces.push(`mount: ${line.split(' ')[4]}`);
  }
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (command.includes('conmon') && mentions(command)) traces.push(`conmon: pid ${entry}`);
  }
  for (const controller of ['memory', 'pids', 'cpu', 'freezer']) {
    const found = await findNamed(join('/sys/fs/cgroup', controller), mentions, 3);
    traces.push(...found.map((path) => `cgroup: ${path}`));
  }
  return traces;
}

async function findNamed(directory: string, matches: (name: string) => boolean, depth: number): Promise<string[]> {
  if (depth === 0) return [];
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = join(directory, entry.name);
    if (matches(entry.name)) found.push(path);
    else if (entry.name.startsWith('berth')) found.push(...(await findNamed(path, matches, depth - 1)));
  }
  return found;
}
