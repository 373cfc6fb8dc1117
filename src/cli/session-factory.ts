/**
 * Builds what engine-backed commands need from the global flags and the
 * process: the engine (a Docker Engine at DOCKER_HOST — berth's native
 * engine comes later), the output modes, the lock, the signals.
 */
import { connectEngine } from '../app/engine.js';
import { acquireProjectLock, lockDirectory } from '../app/lock.js';
import { nodeLockHost } from '../app/node-lock-host.js';
import type { Session } from '../app/session.js';
import { BerthError } from '../errors.js';
import { colorEnabled, parseAnsiMode, parseProgressMode, resolveProgressMode, type AnsiMode } from '../ui/index.js';
import type { CliEnvironment } from './environment.js';
import { CommandOutput } from './output.js';

export interface OutputFlags {
  readonly progress?: string | undefined;
  readonly ansi?: string | undefined;
  readonly parallel?: string | undefined;
}

export interface CommandSession extends AsyncDisposable {
  readonly session: Session;
  readonly output: CommandOutput;
  readonly ansi: AnsiMode;
  readonly noColor: boolean;
}

export function ansiMode(flags: OutputFlags, environment: Readonly<Record<string, string>>): AnsiMode {
  if (flags.ansi !== undefined) return parseAnsiMode(flags.ansi);
  const fromEnvironment = environment['COMPOSE_ANSI'];
  return fromEnvironment === undefined || fromEnvironment === '' ? 'auto' : parseAnsiMode(fromEnvironment, 'COMPOSE_ANSI');
}

export function parallelLimit(flags: OutputFlags, environment: Readonly<Record<string, string>>): number | undefined {
  const text = flags.parallel ?? environment['COMPOSE_PARALLEL_LIMIT'];
  if (text === undefined || text === '') return undefined;
  const source = flags.parallel !== undefined ? '--parallel' : 'COMPOSE_PARALLEL_LIMIT';
  if (!/^-?\d+$/.test(text)) throw new BerthError('invalid_argument', `${source} must be a whole number, not "${text}"`);
  const limit = Number(text);
  // Compose takes -1 (and 0) as "no limit".
  return limit > 0 ? limit : undefined;
}

export async function openSession(cli: CliEnvironment, flags: OutputFlags, environment: Readonly<Record<string, string>>): Promise<CommandSession> {
  const ansi = ansiMode(flags, environment);
  const noColor = (environment['NO_COLOR'] ?? '') !== '';
  const progressText = flags.progress ?? environment['COMPOSE_PROGRESS'] ?? 'auto';
  const progress = resolveProgressMode(parseProgressMode(progressText, flags.progress !== undefined ? '--progress' : 'COMPOSE_PROGRESS'), ansi, cli.stderr.isTTY === true);
  const output = new CommandOutput({ stdout: cli.stdout, stderr: cli.stderr, progress, color: colorEnabled(ansi, { isTerminal: cli.stderr.isTTY === true, noColor }) });
  const engine = await connectEngine({ dockerHost: environment['DOCKER_HOST'], engine: environment['BERTH_ENGINE'], environment });
  const directory = lockDirectory({ uid: cli.uid, xdgRuntimeDir: environment['XDG_RUNTIME_DIR'], tmpDir: cli.tmpDir ?? '/tmp' });
  const session: Session = {
    engine,
    onEvent: output.onEvent,
    notice: (message) => output.notice(message),
    signal: cli.interrupts?.signal,
    forceSignal: cli.interrupts?.forceSignal,
    lock: (projectName) =>
      acquireProjectLock(projectName, {
        directory,
        host: nodeLockHost,
        signal: cli.interrupts?.signal,
        onWait: (message) => output.notice(message),
      }),
    parallel: parallelLimit(flags, environment),
    now: cli.now ?? (() => new Date()),
    randomHex: cli.randomHex ?? (() => {
      throw new BerthError('invalid_argument', 'no random source was given');
    }),
  };
  return {
    session,
    output,
    ansi,
    noColor,
    async [Symbol.asyncDispose]() {
      await output.close();
      await engine.close();
    },
  };
}
