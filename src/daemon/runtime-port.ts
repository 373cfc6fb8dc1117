/**
 * The runtime layer (runc under conmon) behind the container service's
 * `RuntimePort`.
 */
import { BerthError } from '../errors.js';
import type { RuntimePort } from './containers/ports.js';
import { buildSpec, probeHost, Runtime } from './runtime/index.js';
import type { DockerCreateBody } from './runtime/index.js';
import { isMounted, mountRootfs, rootfsPathOf } from './runtime/rootfs.js';
import { logPathOf } from './runtime/conmon.js';
import { stdinModeOf } from './runtime/attach-stdin.js';
import { readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { statDevice } from './runtime/index.js';

export interface OpenedRuntime {
  readonly port: RuntimePort;
  readonly cgroupVersion: '1' | '2';
  readonly path: string;
  close(): Promise<void>;
}

export async function openRuntime(options: { runRoot: string; logSizeMax: number; runtimePath?: string | undefined; cgroupParent: string }): Promise<OpenedRuntime> {
  const host = await probeHost();
  if (host.runtime === undefined) throw new BerthError('engine', 'no OCI runtime found: install runc (apt-get install runc)');
  if (host.conmon === undefined) throw new BerthError('engine', 'conmon is not installed: apt-get install conmon');
  const chosen = options.runtimePath === undefined ? host : { ...host, runtime: { ...host.runtime, path: options.runtimePath } };
  const runtime = new Runtime(chosen, { runRoot: options.runRoot, logSizeMax: options.logSizeMax });
  // Attach-before-start clients wait here for the container's next start (by id).
  const startListeners = new Map<string, Set<() => void>>();
  const nextStart = (id: string, signal: AbortSignal): Promise<boolean> =>
    new Promise((resolvePromise) => {
      if (signal.aborted) {
        resolvePromise(false);
        return;
      }
      const listeners = startListeners.get(id) ?? new Set<() => void>();
      startListeners.set(id, listeners);
      const settle = (started: boolean): void => {
        listeners.delete(onStart);
        if (listeners.size === 0 && startListeners.get(id) === listeners) startListeners.delete(id);
        signal.removeEventListener('abort', onAbort);
        resolvePromise(started);
      };
      const onStart = (): void => settle(true);
      const onAbort = (): void => settle(false);
      listeners.add(onStart);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  const port: RuntimePort = {
    async start(input) {
      const rootfsPath = rootfsPathOf(input.directory);
      // The image's own user database resolves `user: name` (read from the image, not the container's layer).
      const [passwd, group] = await Promise.all([readFile(join(input.lowerdir, 'etc', 'passwd'), 'utf8').catch(() => undefined), readFile(join(input.lowerdir, 'etc', 'group'), 'utf8').catch(() => undefined)]);
      const spec = buildSpec({
        id: input.id,
        create: splitCreate(input.create),
        image: input.image,
        rootfsPath,
        etcFiles: input.etcFiles,
        passwd,
        group,
        hostLimits: host.hostLimits,
        initPath: host.initPath,
        resolveVolume: (name) => input.resolveVolume(name),
        resolveDevice: statDevice,
        hostCapabilities: host.capabilities,
        swapLimitSupported: host.swapLimitSupported,
        cgroupParent: options.cgroupParent,
      });
      const started = await runtime.create(input.id, input.directory, spec, { lowerdir: input.lowerdir, stdin: stdinModeOf(input.create) });
      for (const listener of [...(startListeners.get(input.id) ?? [])]) listener();
      return started;
    },
    kill: (id, signal) => runtime.kill(id, signal),
    adopt: (id, directory) => runtime.keepLogs(id, directory),
    async state(id) {
      return (await runtime.state(id))?.status;
    },
    release: (id, directory) => runtime.remove(id, directory),
    pause: (id) => runtime.pause(id),
    resume: (id) => runtime.resume(id),
    pids: (id) => runtime.ps(id),
    async stats(id) {
      const stats = await runtime.stats(id);
      return { memoryUsage: stats.memory.usageBytes, memoryLimit: stats.memory.limitBytes, cpuUsageNanos: stats.cpu.totalNs, pids: stats.pids.current };
    },
    exec: (id, execOptions) => runtime.exec(id, execOptions),
    execCapture: (id, execOptions, timeoutMs) => runtime.execCapture(id, execOptions, timeoutMs),
    readExit: (directory) => runtime.readExit(directory),
    watchExit: (directory, signal) => runtime.watchExit(directory, signal),
    readLogs: (directory, logOptions) => runtime.readLogs(directory, logOptions),
    logPath: (directory) => logPathOf(directory),
    async mountedRootfs(directory) {
      return (await isMounted(directory)) ? rootfsPathOf(directory) : undefined;
    },
    mountRootfs: (directory, lowerdir) => mountRootfs(directory, lowerdir),
    async attachStdin(id, directory, { when, signal }) {
      // Registered before the first await, so a start that happens meanwhile is seen.
      const started = when === 'now' ? Promise.resolve(true) : nextStart(id, signal);
      await runtime.checkStdinFeed();
      return {
        async pipe(input) {
          if (await started) await runtime.feedStdin(directory, input, signal);
          // Input that can no longer be delivered is drained, so the client's writes never stall.
          input.resume();
        },
      };
    },
  };
  return {
    port,
    cgroupVersion: host.cgroupLayout === 'v2' ? '2' : '1',
    path: chosen.runtime?.path ?? '',
    async close() {
      runtime.close();
      // The parent goes when it is empty; containers still running keep it (rmdir refuses then).
      await Promise.all(host.cgroupRoots.map((root) => rmdir(join(root, options.cgroupParent)).catch(() => undefined)));
    },
  };
}

/** The service keeps Docker's flat create body (Config fields beside HostConfig); the spec builder wants them apart. */
function splitCreate(create: Record<string, unknown>): DockerCreateBody {
  const { HostConfig, ...config } = create;
  return { Config: config, HostConfig: (HostConfig ?? null) as DockerCreateBody['HostConfig'] };
}
