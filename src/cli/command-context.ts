/**
 * What every command's action gets: the process facts, the global flags,
 * how to load the project, how to open an engine session, and where to put
 * the exit code.
 */
import { InvalidArgumentError } from 'commander';
import type { LoadProjectOptions } from '../model/index.js';
import type { LogPrinter } from '../ui/index.js';
import type { CliEnvironment } from './environment.js';
import { openSession, type CommandSession, type OutputFlags } from './session-factory.js';

export interface GlobalFlags extends OutputFlags {
  readonly file?: string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFile?: string[];
  readonly profile?: string[];
  readonly dryRun?: boolean;
}

export class CommandContext {
  exitCode = 0;

  constructor(
    readonly cli: CliEnvironment,
    readonly environment: Readonly<Record<string, string>>,
    private readonly globals: () => GlobalFlags,
  ) {}

  flags(): GlobalFlags {
    return this.globals();
  }

  loadOptions(services: readonly string[] = []): LoadProjectOptions {
    const flags = this.globals();
    return {
      workingDir: this.cli.cwd,
      environment: this.environment,
      configFiles: flags.file,
      projectName: flags.projectName,
      projectDirectory: flags.projectDirectory,
      envFiles: flags.envFile,
      profiles: flags.profile,
      services,
      onWarning: (message) => this.cli.stderr.write(`WARN ${message}\n`),
    };
  }

  /** Runs `body` with an engine session; progress is finished and the engine released afterwards, whatever happens. */
  async withSession<T>(body: (session: CommandSession) => Promise<T>): Promise<T> {
    await using session = await openSession(this.cli, this.globals(), this.environment);
    return await body(session);
  }

  /** Whether container output should be coloured: `--ansi`, NO_COLOR and stdout being a terminal. */
  logColor(session: CommandSession, noColorFlag: boolean): boolean {
    if (noColorFlag || session.noColor) return false;
    if (session.ansi === 'always') return true;
    if (session.ansi === 'never') return false;
    return this.cli.stdout.isTTY === true;
  }

  /** The log printer for container output; `color` is false for `--no-color`. */
  logPrinterFor(session: CommandSession, options: { color: boolean; prefix: boolean; timestamps: boolean }): LogPrinter {
    return session.output.logPrinter({ color: this.logColor(session, !options.color), prefix: options.prefix, timestamps: options.timestamps, now: () => this.now() });
  }

  now(): Date {
    return (this.cli.now ?? (() => new Date()))();
  }
}

export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Parses a whole number (`--index 2`). */
export function wholeNumber(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag} must be a whole number, not "${value}"`);
    return Number(value);
  };
}

/** Parses a whole number of seconds (`-t 5`). */
export function seconds(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag} must be a whole number of seconds, not "${value}"`);
    return Number(value);
  };
}
