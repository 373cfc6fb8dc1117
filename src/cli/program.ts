/**
 * Flags → options → app → exit code. Flags follow Docker Compose's CLI.
 * Engine-backed commands drive a Docker Engine (DOCKER_HOST, else
 * /var/run/docker.sock) for now; berth's native engine comes later.
 */
import { Command, CommanderError, Option } from 'commander';
import { BerthError } from '../errors.js';
import { PROGRESS_MODES, ANSI_MODES } from '../ui/index.js';
import { collect, CommandContext, type GlobalFlags } from './command-context.js';
import { registerConfig } from './commands/config.js';
import { registerContainerActions } from './commands/container-actions.js';
import { registerCp } from './commands/cp.js';
import { registerImageCommands } from './commands/image-commands.js';
import { registerListings } from './commands/listings.js';
import { registerWaitAndEvents } from './commands/wait-events.js';
import { registerDown } from './commands/down.js';
import { registerEngine } from './commands/engine.js';
import { registerExecAndRun, separateCommandArguments } from './commands/exec.js';
import { registerLifecycle } from './commands/lifecycle.js';
import { registerLogs } from './commands/logs.js';
import { registerPs } from './commands/ps.js';
import { NO_ATTACH_ALIAS, registerUp } from './commands/up.js';
import type { CliEnvironment } from './environment.js';
import { VERSION } from './version.js';

export type { CliEnvironment } from './environment.js';

export async function run(argv: readonly string[], cli: CliEnvironment): Promise<number> {
  const environment = definedOnly(cli.environment);
  const program = new Command('berth')
    .description('Run Compose applications on one Linux host, with or without a Docker daemon.')
    .version(VERSION, '--version', 'show the berth version')
    .enablePositionalOptions()
    .addOption(new Option('-f, --file <file>', 'compose file (repeatable; - for stdin)').argParser(collect))
    .addOption(new Option('-p, --project-name <name>', 'project name'))
    .addOption(new Option('--project-directory <dir>', 'project directory (default: the first file\'s directory)'))
    .addOption(new Option('--env-file <file>', 'environment file (repeatable)').argParser(collect))
    .addOption(new Option('--profile <profile>', 'profile to enable (repeatable)').argParser(collect))
    .addOption(new Option('--progress <mode>', `progress output on stderr: ${PROGRESS_MODES.join(', ')} (default: COMPOSE_PROGRESS, else auto)`))
    .addOption(new Option('--ansi <when>', `when to print ANSI control characters: ${ANSI_MODES.join(', ')} (default: COMPOSE_ANSI, else auto)`))
    .addOption(new Option('--parallel <n>', 'at most this many engine operations at once (default: COMPOSE_PARALLEL_LIMIT, else unlimited)'))
    .addOption(new Option('--dry-run', 'show what would change, change nothing'))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cli.stdout.write(text),
      writeErr: (text) => cli.stderr.write(text),
    });
  const context = new CommandContext(cli, environment, () => program.opts<GlobalFlags>());

  registerConfig(program, context);
  registerUp(program, context);
  registerDown(program, context);
  registerPs(program, context);
  registerLogs(program, context);
  registerLifecycle(program, context);
  registerExecAndRun(program, context);
  registerContainerActions(program, context);
  registerListings(program, context);
  registerWaitAndEvents(program, context);
  registerCp(program, context);
  registerImageCommands(program, context);
  registerEngine(program, context);

  program
    .command('version')
    .description('Show the berth version')
    .option('--short', 'print only the version number')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .action((flags: { short?: boolean; format: 'pretty' | 'json' }) => {
      if (flags.short) cli.stdout.write(`${VERSION}\n`);
      else if (flags.format === 'json') cli.stdout.write(`${JSON.stringify({ version: VERSION })}\n`);
      else cli.stdout.write(`berth version ${VERSION}\n`);
    });

  try {
    await program.parseAsync(hoistGlobalOptions(separateCommandArguments(renameNoAttach(argv)), program), { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return exitCodeFor(error, cli.stderr);
  }
}

/** `--no-attach SERVICE` takes a value; commander would read it as the negation of `--attach`. */
function renameNoAttach(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '--no-attach' ? NO_ATTACH_ALIAS : arg.startsWith('--no-attach=') ? `${NO_ATTACH_ALIAS}=${arg.slice('--no-attach='.length)}` : arg));
}

/**
 * Global flags may follow the command (`berth up --progress plain`), as in
 * Compose; the parser wants them before it. A flag the command defines
 * itself stays with the command (`run -p 80:80`, `logs -f`, `down -v`).
 */
export function hoistGlobalOptions(argv: readonly string[], program: Command): string[] {
  const takesValue = (command: Command, flag: string): boolean | undefined => {
    const option = command.options.find((candidate) => candidate.short === flag || candidate.long === flag);
    return option === undefined ? undefined : option.required || option.optional;
  };
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] ?? '';
    if (arg === '--' || !arg.startsWith('-')) break;
    index += !arg.includes('=') && takesValue(program, arg) === true ? 2 : 1;
  }
  const command = program.commands.find((candidate) => candidate.name() === argv[index]);
  if (command === undefined) return [...argv];
  const hoisted: string[] = [];
  const kept: string[] = [];
  for (let position = index + 1; position < argv.length; position++) {
    const arg = argv[position] ?? '';
    if (arg === '--') {
      kept.push(...argv.slice(position));
      break;
    }
    const flag = arg.startsWith('--') ? (arg.split('=')[0] ?? arg) : arg;
    const own = arg.startsWith('-') ? takesValue(command, flag) : undefined;
    const global = arg.startsWith('-') && own === undefined ? takesValue(program, flag) : undefined;
    const target = global !== undefined ? hoisted : kept;
    target.push(arg);
    if ((own === true || global === true) && !arg.includes('=') && position + 1 < argv.length) target.push(argv[++position] ?? '');
  }
  return [...argv.slice(0, index), ...hoisted, argv[index] ?? '', ...kept];
}

/** The one place errors become exit codes: 1 for every error, 130 when cancelled. */
function exitCodeFor(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof CommanderError) {
    // Commander already printed usage problems; help and version exit 0.
    return error.exitCode === 0 ? 0 : 1;
  }
  if (error instanceof BerthError) {
    stderr.write(`error: ${error.message}\n`);
    return error.code === 'cancelled' ? 130 : 1;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`error: unexpected failure, please report it: ${message}\n`);
  return 1;
}

function definedOnly(environment: NodeJS.ProcessEnv): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined) defined[key] = value;
  }
  return defined;
}
