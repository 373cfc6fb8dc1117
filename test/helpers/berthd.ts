/**
 * A berthd of the test's own: state in a temp dir, its own socket, started
 * from the build (`dist/daemon/main.js`), loaded with the test image. `stop`
 * removes every container it still has, stops it, and checks that nothing
 * of it is left on the host (mounts, conmon processes, cgroups).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cgroupParent } from '../../src/daemon/paths.js';
import { answers } from '../../src/engine/native/index.js';
import { repoRoot } from './cli.js';
import { TEST_IMAGE_ARCHIVE } from './docker.js';

const run = promisify(execFile);

export const BERTHD_ENTRY = join(repoRoot, 'dist', 'daemon', 'main.js');

export interface TestBerthd {
  readonly root: string;
  readonly socket: string;
  /** `unix://…`, for DOCKER_HOST. */
  readonly host: string;
  readonly process: ChildProcess;
  /** What berthd printed (for failure messages). */
  output(): string;
  /** Kills berthd with SIGKILL (containers keep running) — for fault tests; `restart` brings it back. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<string[]>;
}

/** Why berthd cannot run here, or undefined when it can. */
export async function berthdSkipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'berthd needs root';
  for (const binary of ['runc', 'conmon']) {
    const found = await run('sh', ['-c', `command -v ${binary}`]).then(() => true, () => false);
    if (!found) return `${binary} is not installed (apt-get install ${binary})`;
  }
  if (!existsSync(BERTHD_ENTRY)) return `${BERTHD_ENTRY} is missing: run npm run build`;
  if (!existsSync(TEST_IMAGE_ARCHIVE)) return `${TEST_IMAGE_ARCHIVE} is missing: run scripts/test-images.sh`;
  return undefined;
}

export async function startTestBerthd(): Promise<TestBerthd> {
  const root = await mkdtemp(join(tmpdir(), 'berthd-test-'));
  const socket = join(root, 'run', 'docker.sock');
  let log = '';
  let child = await launch();

  async function launch(): Promise<ChildProcess> {
    const started = spawn(process.execPath, [BERTHD_ENTRY], {
      env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', BERTH_ROOT: root, HOME: root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (await answers(socket, 500)) return started;
      if (started.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    started.kill('SIGKILL');
    throw new Error(`berthd did not start:\n${log}`);
  }

  const daemon: TestBerthd = {
    root,
    socket,
    host: `unix://${socket}`,
    get process() {
      return child;
    },
    output: () => log,
    async kill() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      child = await launch();
    },
    async stop() {
      const problems: string[] = [];
      // Containers first: their conmon processes outlive berthd otherwise.
      const { createDockerEngine } = await import('../../src/engine/docker/index.js');
      const engine = createDockerEngine({ host: daemon.host });
      try {
        for (const container of await engine.containers.list({ all: true, labels: {} })) {
          await engine.containers.remove(container.id, { force: true }).catch((error: unknown) => problems.push(`removing ${container.name}: ${(error as Error).message}`));
        }
      } finally {
        await engine.close();
      }
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // The bound's timer is cleared: left pending it keeps the test process alive 10 s after its last test.
        let bound: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (bound = setTimeout(resolve, 10_000)))]);
        clearTimeout(bound);
        if (child.exitCode === null) {
          problems.push('berthd did not stop within 10 s of SIGTERM');
          child.kill('SIGKILL');
        }
      }
      problems.push(...(await leftovers(root)));
      await rm(root, { recursive: true, force: true }).catch((error: unknown) => problems.push(`removing ${root}: ${(error as Error).message}`));
      return problems;
    },
  };
  return daemon;
}

/** Mounts, conmon processes and cgroups that belong to a berthd rooted at `root`. */
export async function leftovers(root: string): Promise<string[]> {
  const problems: string[] = [];
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter((line) => line.includes(root));
  for (const mount of mounts) problems.push(`mount left: ${mount.split(' ')[4]}`);
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (command.startsWith('conmon') || command.includes('/conmon\0')) {
      if (command.includes(root)) problems.push(`conmon left: pid ${entry}`);
    }
  }
  const parent = cgroupParent(root);
  for (const controller of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
    const path = join('/sys/fs/cgroup', controller, parent);
    if (existsSync(path)) problems.push(`cgroup left: ${path}`);
  }
  return problems;
}
