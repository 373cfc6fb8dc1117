/**
 * The programmatic stack: what `import { up } from 'berth'` returns. A
 * started project, keyed by service name, that cleans up after itself
 * (`await using stack = await up(…)` runs `down -v --remove-orphans` at the
 * end of the scope, like testcontainers' compose environments).
 *
 * Lifecycle: `startStack` → (endpoint, exec, logs, ps)* → `down()` or
 * dispose → every later call fails with `invalid_argument`.
 */
import { BerthError } from '../errors.js';
import type { LoadedProject } from '../model/index.js';
import { compareText, containerNumberOf, isOneOff, PROJECT_LABEL, SERVICE_LABEL } from '../plan/index.js';
import { down } from './down.js';
import { listEntries, type PsEntry } from './ps.js';
import { shortName } from './selection.js';
import type { Session } from './session.js';
import { up } from './up.js';
import { UP_DEFAULTS, type UpOptions } from './up-options.js';

export interface StackLogLine {
  readonly service: string;
  /** `web-1`. */
  readonly container: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly timestamp?: string | undefined;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Stack extends AsyncDisposable {
  readonly projectName: string;
  /** The project's service names, sorted. */
  readonly services: readonly string[];
  /** Where a published container port answers on the host: `127.0.0.1` for ports published on all interfaces. */
  endpoint(service: string, port: number, options?: { protocol?: 'tcp' | 'udp'; index?: number }): Promise<{ host: string; port: number }>;
  /** Runs a command in the service's container; resolves its exit code and output (never rejects for a non-zero exit). */
  exec(service: string, command: readonly string[], options?: { env?: readonly string[]; user?: string; workingDir?: string; index?: number }): Promise<ExecResult>;
  /** The service's (or every service's) log lines so far; with `follow`, until the signal aborts or the containers stop. */
  logs(service?: string, options?: { follow?: boolean; signal?: AbortSignal; tail?: number }): AsyncIterable<StackLogLine>;
  ps(options?: { all?: boolean }): Promise<PsEntry[]>;
  /** Stops and removes the stack; `volumes: false` keeps its named volumes. */
  down(options?: { volumes?: boolean }): Promise<void>;
}

export type StackUpOptions = Partial<Omit<UpOptions, 'detach' | 'dryRun' | 'abortOnContainerExit' | 'abortOnContainerFailure' | 'exitCodeFrom' | 'attach' | 'noAttach' | 'attachDependencies'>>;

export async function startStack(loaded: LoadedProject, session: Session, options: StackUpOptions = {}): Promise<Stack> {
  const upOptions: UpOptions = { ...UP_DEFAULTS, wait: true, ...options, detach: true };
  const discard = { write: () => true };
  const quietLogs = { register: () => {}, line: () => {}, status: () => {}, message: () => {} };
  await up(loaded, session, upOptions, { stdout: discard, logs: quietLogs });
  return new StartedStack(loaded, session);
}

class StartedStack implements Stack {
  readonly projectName: string;
  readonly services: readonly string[];
  private stopped = false;

  constructor(
    private readonly loaded: LoadedProject,
    private readonly session: Session,
  ) {
    this.projectName = loaded.project.name;
    this.services = Object.keys(loaded.project.services).sort(compareText);
  }

  async endpoint(service: string, port: number, options: { protocol?: 'tcp' | 'udp'; index?: number } = {}): Promise<{ host: string; port: number }> {
    const container = await this.container(service, options.index);
    const wanted = `${port}/${options.protocol ?? 'tcp'}`;
    const binding = container.ports.find((candidate) => candidate.containerPort === wanted && candidate.hostPort > 0);
    if (binding === undefined) throw new BerthError('invalid_argument', `service ${service} does not publish port ${wanted}; add it to the service's ports`);
    const host = binding.hostIp === '' || binding.hostIp === '0.0.0.0' ? '127.0.0.1' : binding.hostIp === '::' ? '::1' : binding.hostIp;
    return { host, port: binding.hostPort };
  }

  async exec(service: string, command: readonly string[], options: { env?: readonly string[]; user?: string; workingDir?: string; index?: number } = {}): Promise<ExecResult> {
    const container = await this.container(service, options.index);
    const handle = await this.session.engine.containers.exec(container.id, { command, env: options.env, user: options.user, workingDir: options.workingDir, tty: false, stdin: false });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    for await (const chunk of handle.streams.output) (chunk.stream === 'stderr' ? err : out).push(chunk.data);
    return { exitCode: await handle.exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  }

  async *logs(service?: string, options: { follow?: boolean; signal?: AbortSignal; tail?: number } = {}): AsyncIterable<StackLogLine> {
    this.checkRunning();
    const labels: Record<string, string> = { [PROJECT_LABEL]: this.projectName };
    if (service !== undefined) labels[SERVICE_LABEL] = service;
    const containers = (await this.session.engine.containers.list({ labels, all: true })).filter((container) => !isOneOff(container)).sort((a, b) => compareText(a.name, b.name));
    for (const container of containers) {
      const entries = this.session.engine.containers.logs(container.id, {
        follow: options.follow === true,
        timestamps: true,
        tail: options.tail,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      for await (const entry of entries) {
        yield { service: container.labels[SERVICE_LABEL] ?? '', container: shortName(this.projectName, container.name), stream: entry.stream, text: entry.text, timestamp: entry.timestamp };
      }
    }
  }

  async ps(options: { all?: boolean } = {}): Promise<PsEntry[]> {
    this.checkRunning();
    return listEntries({ kind: 'model', loaded: this.loaded }, this.session, { services: [], all: options.all === true, status: [] });
  }

  async down(options: { volumes?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await down({ kind: 'model', loaded: this.loaded }, this.session, { services: [], volumes: options.volumes !== false, removeOrphans: true, timeoutSeconds: 0 });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.down();
  }

  private checkRunning(): void {
    if (this.stopped) throw new BerthError('invalid_argument', `the stack of project ${this.projectName} was taken down`);
  }

  private async container(service: string, index: number | undefined) {
    this.checkRunning();
    if (!this.services.includes(service)) throw new BerthError('invalid_argument', `no such service: ${service}; the stack's services are ${this.services.join(', ')}`);
    const containers = (await this.session.engine.containers.list({ labels: { [PROJECT_LABEL]: this.projectName, [SERVICE_LABEL]: service } }))
      .filter((container) => !isOneOff(container))
      .sort((a, b) => (containerNumberOf(a.labels) ?? 0) - (containerNumberOf(b.labels) ?? 0));
    const container = index === undefined ? containers[0] : containers.find((candidate) => containerNumberOf(candidate.labels) === index);
    if (container === undefined) throw new BerthError('invalid_argument', `service ${service} has no running container${index === undefined ? '' : ` with index ${index}`}`);
    return container;
  }
}

/** The exit code the CLI would use for an error: 130 for a cancellation, 1 for anything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof BerthError && error.code === 'cancelled' ? 130 : 1;
}
