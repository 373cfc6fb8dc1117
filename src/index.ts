/**
 * berth's programmatic API: the Compose loader, and `up()`, which starts a
 * project on a Docker Engine and hands back a stack keyed by service:
 *
 *   await using stack = await up({ workingDir: 'test/fixtures/shop' });
 *   const { host, port } = await stack.endpoint('web', 80);
 *
 * Failures are `BerthError`s; `exitCodeOf(error)` is the code the CLI would
 * exit with.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { acquireProjectLock, connectEngine, loadForCommand, lockDirectory, nodeLockHost, startStack, type AppEvent, type Stack, type StackUpOptions } from './app/index.js';
import type { LoadProjectOptions } from './model/index.js';

export * from './model/index.js';
export { BerthError, type BerthErrorCode, type SourceLocation } from './errors.js';
export { exitCodeOf, type AppEvent, type ExecResult, type Stack, type StackLogLine, type StackUpOptions } from './app/index.js';
export type { PsEntry } from './app/index.js';

export interface UpApiOptions {
  /** Compose files (`-f`); default: discovery from `workingDir`. */
  readonly configFiles?: readonly string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFiles?: readonly string[];
  readonly profiles?: readonly string[];
  /** Services to start (with their dependencies); default: all. */
  readonly services?: readonly string[];
  /** `up` options (`--wait` is on; set `wait: false` not to wait). */
  readonly up?: StackUpOptions;
  /** Where the project is; default: the current directory. */
  readonly workingDir?: string;
  /** The environment for interpolation; default: this process's. */
  readonly environment?: Readonly<Record<string, string>>;
  /** The Docker Engine; default: DOCKER_HOST, else /var/run/docker.sock. */
  readonly dockerHost?: string;
  /** Progress, as the CLI's `--progress json` prints it. */
  readonly onEvent?: (event: AppEvent) => void;
  readonly signal?: AbortSignal;
  /** At most this many engine operations at once. */
  readonly parallel?: number;
}

/** Starts the project (`up --wait`) and resolves the running stack; disposing it runs `down -v --remove-orphans`. */
export async function up(options: UpApiOptions = {}): Promise<Stack> {
  const environment = options.environment ?? definedOnly(process.env);
  const { dockerHost, onEvent, signal, parallel, services = [] } = options;
  const load: LoadProjectOptions = {
    workingDir: options.workingDir ?? process.cwd(),
    environment,
    configFiles: options.configFiles,
    projectName: options.projectName,
    projectDirectory: options.projectDirectory,
    envFiles: options.envFiles,
    profiles: options.profiles,
  };
  const loaded = await loadForCommand(load, services);
  const engine = await connectEngine({ dockerHost: dockerHost ?? environment['DOCKER_HOST'], engine: environment['BERTH_ENGINE'], environment });
  const directory = lockDirectory({ uid: process.getuid?.(), xdgRuntimeDir: environment['XDG_RUNTIME_DIR'], tmpDir: tmpdir() });
  const session = {
    engine,
    onEvent: onEvent ?? (() => {}),
    notice: () => {},
    signal,
    lock: (projectName: string) => acquireProjectLock(projectName, { directory, host: nodeLockHost, signal }),
    parallel,
    now: () => new Date(),
    randomHex: (bytes: number) => randomBytes(bytes).toString('hex'),
  };
  return startStack(loaded, session, { ...options.up, services });
}

function definedOnly(environment: NodeJS.ProcessEnv): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) if (value !== undefined) defined[key] = value;
  return defined;
}
