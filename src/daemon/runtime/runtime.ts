/**
 * berthd's container runtime: one object per daemon, stateless apart from
 * the rotation watchers it runs; everything it needs about a container is
 * in the container's directory and in runc's state root, so a restarted
 * daemon picks up where the last one stopped.
 *
 * Lifecycle of a container here: `create` (overlay mounted, bundle
 * written, conmon + runc create, runc start: running) → `kill`/its own end
 * (conmon writes `exit`) → `remove` (runc delete, unmount, cgroups gone).
 * A stopped container is started again by calling `create` again with the
 * same directory: the writable layer and the log are kept.
 */
import { access, mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError } from '../../errors.js';
import { feedStdin, findSocat, type StdinMode, type StdinOutcome } from './attach-stdin.js';
import { type ConmonStart, DEFAULT_LOG_SIZE_MAX_BYTES, exitDirOf, prepareConmonFiles, spawnUnderConmon } from './conmon.js';
import { captureExec, startExec, type CapturedExec, type ExecOptions, type ExecProcess } from './exec.js';
import { readExit, watchExit, type ExitInfo } from './exit.js';
import { assertRunnable, type HostInfo } from './host.js';
import type { LogLine } from './log-format.js';
import { prepareLog, watchLogRotation } from './log-rotation.js';
import { readLogs, type ReadLogsOptions } from './logs.js';
import type { OciSpec } from './oci-spec.js';
import { isMounted, mountRootfs, rootfsPathOf, unmountRootfs } from './rootfs.js';
import { isNotFound, RuncCommand, type RuntimeState } from './runc.js';
import { DEFAULT_CGROUP_PARENT } from './spec.js';

export interface RuntimeOptions {
  /** Per-daemon runtime state: `runc/` (runc's --root), `exits/`, `socket/`. */
  readonly runRoot: string;
  /** conmon's --log-size-max: the live log is replaced when it would grow past it (one older generation is kept). */
  readonly logSizeMax?: number | undefined;
}

export interface CreateOptions {
  /** The image's flattened rootfs, mounted read-only under the container's writable layer. */
  readonly lowerdir: string;
  /** argv conmon runs when the container exits (e.g. a command that pokes berthd). */
  readonly exitCommand?: readonly string[] | undefined;
  /** Docker's OpenStdin/StdinOnce: an open stdin is fed through `feedStdin`. */
  readonly stdin?: StdinMode | undefined;
}

export interface ContainerStats {
  readonly memory: { readonly usageBytes: number; readonly limitBytes: number; readonly maxUsageBytes: number; readonly stats: Readonly<Record<string, number>> };
  readonly cpu: { readonly totalNs: number; readonly perCpuNs: readonly number[]; readonly kernelNs: number; readonly userNs: number };
  readonly pids: { readonly current: number; readonly limit: number };
  /** `runc events --stats` data as runc gave it. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export class Runtime {
  private readonly runc: RuncCommand;
  private readonly conmonPath: string;
  private readonly runRoot: string;
  private readonly logSizeMax: number;
  private readonly watchers = new Map<string, AbortController>();

  constructor(
    private readonly host: HostInfo,
    options: RuntimeOptions,
  ) {
    const { runtime, conmon } = assertRunnable(host);
    this.runRoot = resolve(options.runRoot);
    this.runc = new RuncCommand(runtime.path, join(this.runRoot, 'runc'));
    this.conmonPath = conmon.path;
    this.logSizeMax = options.logSizeMax ?? DEFAULT_LOG_SIZE_MAX_BYTES;
  }

  /** Mounts the rootfs, writes the bundle and runs the container (created and started in one step). */
  async create(id: string, dir: string, spec: OciSpec, options: CreateOptions): Promise<{ pid: number }> {
    const containerDir = resolve(dir);
    const bundleSpec: OciSpec = { ...spec, root: { ...spec.root, path: rootfsPathOf(containerDir) } };
    const conmonStart: ConmonStart = {
      id,
      dir: containerDir,
      spec: bundleSpec,
      conmonPath: this.conmonPath,
      runc: this.runc,
      runRoot: this.runRoot,
      logSizeMaxBytes: this.logSizeMax,
      exitCommand: options.exitCommand,
      stdin: options.stdin,
    };
    await mkdir(containerDir, { recursive: true });
    // No `runc state` check first (≈10 ms): runc create refuses an existing id with a clear message.
    // The overlay mount is a process (≈10 ms); the log and bundle files, written meanwhile, touch nothing under it.
    const [mounted, prepared] = await Promise.allSettled([mountRootfs(containerDir, options.lowerdir), Promise.all([prepareLog(containerDir), prepareConmonFiles(conmonStart)])]);
    if (mounted.status === 'rejected') throw mounted.reason;
    try {
      if (prepared.status === 'rejected') throw prepared.reason;
      const { pid } = await spawnUnderConmon(conmonStart);
      await this.runc.run(['start', id]);
      this.keepLogs(id, containerDir);
      return { pid };
    } catch (error) {
      await this.runc.run(['delete', '--force', id]).catch(() => undefined);
      await unmountRootfs(containerDir).catch(() => undefined);
      throw error;
    }
  }

  /** Keeps the previous log generation while the container runs (call it for containers adopted after a restart). */
  keepLogs(id: string, dir: string): void {
    this.watchers.get(id)?.abort();
    const controller = new AbortController();
    this.watchers.set(id, controller);
    watchLogRotation(resolve(dir), controller.signal);
  }

  /** `signal`: a name with or without SIG (`TERM`, `SIGKILL`) or a number. */
  async kill(id: string, signal: string | number): Promise<void> {
    await this.runc.run(['kill', id, normalizeSignal(signal)]);
  }

  state(id: string): Promise<RuntimeState | undefined> {
    return this.runc.state(id);
  }

  /** Deletes the container (killing it if it runs), unmounts, removes its cgroups; idempotent. */
  async remove(id: string, dir: string, options: { removeDir?: boolean } = {}): Promise<void> {
    const containerDir = resolve(dir);
    this.watchers.get(id)?.abort();
    this.watchers.delete(id);
    const cgroupsPath = await readFile(join(containerDir, 'bundle', 'config.json'), 'utf8')
      .then((text) => (JSON.parse(text) as OciSpec).linux.cgroupsPath)
      .catch(() => join(DEFAULT_CGROUP_PARENT, id));
    // runc keeps a container's state in <root>/<id>: without it `runc delete` (a process, 15–30 ms) could only say "does not exist".
    if (await exists(join(this.runc.root, id))) {
      try {
        await this.runc.run(['delete', '--force', id]);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    await unmountRootfs(containerDir);
    for (const root of this.host.cgroupRoots) {
      await rmdir(join(root, cgroupsPath)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw new BerthError('engine', `container ${id}: could not remove its cgroup ${join(root, cgroupsPath)}: ${error.message}`, { cause: error });
      });
    }
    await rm(join(exitDirOf(this.runRoot), id), { force: true });
    if (options.removeDir === true) await rm(containerDir, { recursive: true, force: true });
  }

  async pause(id: string): Promise<void> {
    await this.runc.run(['pause', id]);
  }

  async resume(id: string): Promise<void> {
    await this.runc.run(['resume', id]);
  }

  /** Host pids of the container's processes. */
  async ps(id: string): Promise<number[]> {
    const output = await this.runc.run(['ps', '--format', 'json', id]);
    return (JSON.parse(output) as number[] | null) ?? [];
  }

  async stats(id: string): Promise<ContainerStats> {
    const output = await this.runc.run(['events', '--stats', id]);
    const data = ((JSON.parse(output) as { data?: Record<string, unknown> }).data ?? {}) as Record<string, any>;
    return {
      memory: {
        usageBytes: data['memory']?.usage?.usage ?? 0,
        limitBytes: data['memory']?.usage?.limit ?? 0,
        maxUsageBytes: data['memory']?.usage?.max ?? 0,
        stats: data['memory']?.raw ?? {},
      },
      cpu: {
        totalNs: data['cpu']?.usage?.total ?? 0,
        perCpuNs: data['cpu']?.usage?.percpu ?? [],
        kernelNs: data['cpu']?.usage?.kernel ?? 0,
        userNs: data['cpu']?.usage?.user ?? 0,
      },
      pids: { current: data['pids']?.current ?? 0, limit: data['pids']?.limit ?? 0 },
      raw: data,
    };
  }

  exec(id: string, options: ExecOptions): Promise<ExecProcess> {
    return startExec(this.runc, id, options);
  }

  /** A health-check style exec: bounded time, output capped at `maxOutputBytes` (4 KiB). */
  execCapture(id: string, options: ExecOptions, timeoutMs: number, maxOutputBytes?: number): Promise<CapturedExec> {
    return captureExec(this.runc, id, options, timeoutMs, maxOutputBytes);
  }

  /** Checks that stdin can be fed (socat installed); rejects with what to install. */
  async checkStdinFeed(): Promise<void> {
    await findSocat();
  }

  /** Pipes `input` into the stdin of a running container created with an open stdin, until it ends. */
  async feedStdin(dir: string, input: Readable, signal: AbortSignal): Promise<StdinOutcome> {
    return feedStdin(await findSocat(), dir, input, signal);
  }

  readExit(dir: string): Promise<ExitInfo | undefined> {
    return readExit(resolve(dir));
  }

  watchExit(dir: string, signal?: AbortSignal): Promise<ExitInfo> {
    return watchExit(resolve(dir), signal);
  }

  readLogs(dir: string, options?: ReadLogsOptions): AsyncGenerator<LogLine> {
    return readLogs(resolve(dir), options);
  }

  /** The merged overlay (what the container sees as /), for `docker cp`. */
  rootfsPath(dir: string): string {
    return rootfsPathOf(dir);
  }

  isMounted(dir: string): Promise<boolean> {
    return isMounted(dir);
  }

  /** Stops the rotation watchers (the containers keep running). */
  close(): void {
    for (const controller of this.watchers.values()) controller.abort();
    this.watchers.clear();
  }
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function normalizeSignal(signal: string | number): string {
  if (typeof signal === 'number') {
    if (!Number.isInteger(signal) || signal <= 0 || signal > 64) throw new BerthError('invalid_argument', `invalid signal number ${signal}`);
    return String(signal);
  }
  const name = signal.trim().toUpperCase();
  if (/^\d+$/.test(name)) return normalizeSignal(Number(name));
  const bare = name.startsWith('SIG') ? name.slice(3) : name;
  if (!/^(RTMIN|RTMAX)([+-]\d+)?$|^[A-Z0-9]+$/.test(bare)) throw new BerthError('invalid_argument', `invalid signal "${signal}"`);
  return bare;
}
