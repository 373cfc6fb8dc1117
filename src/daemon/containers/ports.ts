/**
 * What the container service needs from the image store and the runtime.
 * Declared here, narrowly, so the service can be read (and tested) without
 * either; `daemon.ts` plugs the real ones in.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface ImageConfigPort {
  readonly Env?: string[] | null;
  readonly Cmd?: string[] | null;
  readonly Entrypoint?: string[] | null;
  readonly User?: string;
  readonly WorkingDir?: string;
  readonly Labels?: Record<string, string> | null;
  readonly ExposedPorts?: Record<string, object> | null;
  readonly Volumes?: Record<string, object> | null;
  readonly StopSignal?: string;
  readonly Healthcheck?: { Test?: string[] | null; Interval?: number; Timeout?: number; StartPeriod?: number; StartInterval?: number; Retries?: number } | null;
}

export interface ImagePort {
  inspect(nameOrId: string): { id: string; repoTags: string[]; config: { config?: ImageConfigPort } } | undefined;
  rootfs(id: string): Promise<string>;
}

export interface ExitInfo {
  readonly exitCode: number;
  readonly oomKilled: boolean;
  /** RFC 3339, UTC. */
  readonly finishedAt: string;
}

export interface LogLine {
  readonly time: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: Buffer;
}

export interface LogOptions {
  readonly since?: number | string | undefined;
  readonly until?: number | string | undefined;
  readonly tail?: number | undefined;
  readonly follow?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly stopped?: Promise<unknown> | undefined;
}

export type { ExecOptions } from '../runtime/exec.js';
import type { ExecOptions } from '../runtime/exec.js';

export interface ProcessRow {
  readonly pid: number;
}

export interface StatsSample {
  readonly memoryUsage: number;
  readonly memoryLimit: number;
  readonly cpuUsageNanos: number;
  readonly pids: number;
}

export interface RuntimePort {
  /** Builds the OCI spec, mounts the root filesystem and runs the container under conmon; resolves with its pid. */
  start(input: StartInput): Promise<{ pid: number }>;
  kill(id: string, signal: string): Promise<void>;
  /** Takes over a container that kept running while berthd was away (log rotation, …). */
  adopt(id: string, directory: string): void;
  /** 'running' | 'paused' | 'stopped' | 'created', or undefined when runc does not know the container. */
  state(id: string): Promise<string | undefined>;
  /** Forgets the container in the runtime (runc delete, unmount, cgroups); keeps its directory. */
  release(id: string, directory: string): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  pids(id: string): Promise<number[]>;
  stats(id: string): Promise<StatsSample>;
  exec(id: string, options: ExecOptions): Promise<{ readonly child: ChildProcess; readonly exited: Promise<number> }>;
  /** A bounded exec whose output (stdout and stderr together, capped) is collected: health checks. */
  execCapture(id: string, options: ExecOptions, timeoutMs: number): Promise<{ readonly exitCode: number; readonly output: string; readonly timedOut: boolean }>;
  readExit(directory: string): Promise<ExitInfo | undefined>;
  watchExit(directory: string, signal: AbortSignal): Promise<ExitInfo>;
  readLogs(directory: string, options: LogOptions): AsyncIterable<LogLine>;
  logPath(directory: string): string;
  /** The container's merged root filesystem while it is mounted, else undefined. */
  mountedRootfs(directory: string): Promise<string | undefined>;
  /** Mounts the root filesystem (for copying in and out of a stopped container). */
  mountRootfs(directory: string, lowerdir: string): Promise<string>;
  /**
   * Readies feeding the stdin of a container created with OpenStdin; rejects
   * when this host cannot (with what to install). `when`: the container runs
   * now, or its input waits for its next start (attach before start). Call it
   * synchronously after reading the container's state, so no start is missed.
   */
  attachStdin(id: string, directory: string, options: { readonly when: 'now' | 'next-start'; readonly signal: AbortSignal }): Promise<StdinFeed>;
}

export interface StdinFeed {
  /**
   * Pipes `input` into the container's stdin (from its start, for
   * 'next-start'); resolves once `input` has ended and been handed over (EOF
   * for a StdinOnce container), the container is gone, or the signal aborted.
   * Input that can no longer be delivered is read and dropped.
   */
  pipe(input: Readable): Promise<void>;
}

export interface StartInput {
  readonly id: string;
  readonly directory: string;
  /** The Docker create body as stored (Config fields at top level, plus HostConfig). */
  readonly create: Record<string, unknown>;
  readonly image: ImageConfigPort;
  readonly lowerdir: string;
  readonly etcFiles: { readonly hosts: string; readonly resolvConf: string; readonly hostname: string };
  readonly resolveVolume: (name: string) => string;
}
