/**
 * `berth exec` and `berth run`: their exit code is the command's.
 */
import { type Command } from 'commander';
import type { ProcessIo } from '../../app/index.js';
import { collect, wholeNumber, type CommandContext } from '../command-context.js';

interface ExecFlags {
  readonly tty: boolean;
  readonly env?: string[];
  readonly user?: string;
  readonly workdir?: string;
  readonly detach?: boolean;
  readonly index?: number;
  readonly privileged?: boolean;
}

interface RunFlags {
  readonly rm?: boolean;
  readonly deps: boolean;
  readonly env?: string[];
  readonly tty: boolean;
  readonly entrypoint?: string;
  readonly publish?: string[];
  readonly servicePorts?: boolean;
  readonly name?: string;
  readonly user?: string;
  readonly workdir?: string;
  readonly detach?: boolean;
  readonly useAliases?: boolean;
  readonly label?: string[];
  readonly interactive: boolean;
}

export function registerExecAndRun(program: Command, context: CommandContext): void {
  program
    .command('exec')
    .description('Execute a command in a running container')
    .argument('<service>', 'the service')
    .argument('<command...>', 'the command and its arguments')
    .option('-T, --no-tty', 'do not allocate a TTY (default: one when stdin is a terminal)')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect)
    .option('-u, --user <user>', 'run as this user')
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-d, --detach', 'run the command in the background')
    .option('--index <number>', 'the container of the service with this number', wholeNumber('--index'))
    .option('--privileged', 'give extended privileges to the command')
    .action(async (service: string, command: string[], flags: ExecFlags) => {
      const { exec, loadForCommand } = await import('../../app/index.js');
      const loaded = await loadForCommand(context.loadOptions([service]), [service]);
      context.exitCode = await context.withSession((opened) =>
        withRawTerminal(context, flags.tty !== false && flags.detach !== true, () => exec(
          loaded,
          opened.session,
          {
            service,
            command,
            noTty: flags.tty === false,
            env: resolveEnv(flags.env ?? [], context.environment),
            user: flags.user,
            workingDir: flags.workdir,
            detach: flags.detach === true,
            index: flags.index,
            privileged: flags.privileged === true,
          },
          processIo(context, opened.output, true),
        )),
      );
    });

  program
    .command('run')
    .description('Run a one-off command on a service')
    .argument('<service>', 'the service')
    .argument('[command...]', 'the command and its arguments (default: the service\'s)')
    .option('--rm', 'remove the container when it exits')
    .option('--no-deps', 'do not start the services it depends on')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect)
    .option('-T, --no-tty', 'do not allocate a TTY (default: one when stdin is a terminal)')
    .option('-i, --interactive', 'keep stdin open (default)', true)
    .option('--entrypoint <command>', 'override the image\'s entrypoint')
    .option('-p, --publish <port>', 'publish a port (repeatable)', collect)
    .option('-P, --service-ports', 'publish the service\'s ports')
    .option('--name <name>', 'name the container')
    .option('-u, --user <user>', 'run as this user')
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-d, --detach', 'run in the background and print the container name')
    .option('--use-aliases', 'use the service\'s network aliases')
    .option('-l, --label <KEY=VALUE>', 'add a label (repeatable)', collect)
    .action(async (service: string, command: string[], flags: RunFlags) => {
      const { loadForCommand, run } = await import('../../app/index.js');
      const loaded = await loadForCommand(context.loadOptions([service]), [service]);
      context.exitCode = await context.withSession((opened) =>
        withRawTerminal(context, flags.tty !== false && flags.detach !== true, () => run(
          loaded,
          opened.session,
          {
            service,
            command,
            remove: flags.rm === true,
            noDeps: flags.deps === false,
            env: resolveEnv(flags.env ?? [], context.environment),
            noTty: flags.tty === false,
            entrypoint: flags.entrypoint,
            publish: flags.publish ?? [],
            servicePorts: flags.servicePorts === true,
            name: flags.name,
            user: flags.user,
            workingDir: flags.workdir,
            detach: flags.detach === true,
            useAliases: flags.useAliases === true,
            labels: flags.label ?? [],
          },
          processIo(context, opened.output, flags.interactive),
        )),
      );
    });
}

/** `-e KEY` takes KEY's value from berth's environment (and is dropped when unset), as in Compose. */
function resolveEnv(entries: readonly string[], environment: Readonly<Record<string, string>>): string[] {
  return entries.flatMap((entry) => {
    if (entry.includes('=')) return [entry];
    const value = environment[entry];
    return value === undefined ? [] : [`${entry}=${value}`];
  });
}

function processIo(context: CommandContext, output: { stdout: { write(chunk: Buffer | string): unknown }; stderr: { write(chunk: Buffer | string): unknown } }, interactive: boolean): ProcessIo {
  const { cli } = context;
  const stdin = interactive ? cli.stdin : undefined;
  return {
    stdin,
    stdout: output.stdout,
    stderr: output.stderr,
    stdinIsTerminal: cli.stdin?.isTTY === true,
    terminalSize: () => (cli.stdout.isTTY === true && cli.stdout.columns !== undefined && cli.stdout.rows !== undefined ? { columns: cli.stdout.columns, rows: cli.stdout.rows } : undefined),
  };
}

/** With a TTY, keystrokes (Ctrl-C included) go to the container: the terminal is raw until the command ends. */
async function withRawTerminal<T>(context: CommandContext, tty: boolean, body: () => Promise<T>): Promise<T> {
  const stdin = context.cli.stdin;
  if (!tty || stdin?.isTTY !== true || stdin.setRawMode === undefined) return body();
  stdin.setRawMode(true);
  try {
    return await body();
  } finally {
    stdin.setRawMode(false);
  }
}

const GLOBAL_FLAGS_WITH_VALUES = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--progress', '--ansi', '--parallel']);
const COMMAND_FLAGS_WITH_VALUES: Readonly<Record<string, ReadonlySet<string>>> = {
  exec: new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--index']),
  run: new Set(['-e', '--env', '--entrypoint', '-p', '--publish', '--name', '-u', '--user', '-w', '--workdir', '-l', '--label']),
};

/**
 * `berth exec web sh -c 'echo hi'`: everything after the service name
 * belongs to the command, flags included. Marks that with `--` so the
 * parser leaves them alone (global flags stay usable anywhere else).
 */
export function separateCommandArguments(argv: readonly string[]): string[] {
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] ?? '';
    if (arg === '--') return [...argv];
    if (!arg.startsWith('-')) break;
    index += GLOBAL_FLAGS_WITH_VALUES.has(arg) ? 2 : 1;
  }
  const command = argv[index];
  const valueFlags = command === undefined ? undefined : COMMAND_FLAGS_WITH_VALUES[command];
  if (valueFlags === undefined) return [...argv];
  for (index++; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--') return [...argv];
    if (!arg.startsWith('-') || arg === '-') {
      // The service; what follows is the command.
      if (index + 1 >= argv.length || argv[index + 1] === '--') return [...argv];
      return [...argv.slice(0, index + 1), '--', ...argv.slice(index + 1)];
    }
    if (valueFlags.has(arg) || GLOBAL_FLAGS_WITH_VALUES.has(arg)) index++;
  }
  return [...argv];
}
