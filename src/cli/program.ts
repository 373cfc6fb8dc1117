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
import { registerDown } from './commands/down.js';
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
    .version(VERSION, '-v, --version', 'show the berth version')
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
    await program.parseAsync(separateCommandArguments(renameNoAttach(argv)), { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return exitCodeFor(error, cli.stderr);
  }
}

/** `--no-attach SERVICE` takes a value; commander would read it as the negation of `--attach`. */
function renameNoAttach(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '--no-attach' ? NO_ATTACH_ALIAS : arg.startsWith('--no-attach=') ? `${NO_ATTACH_ALIAS}=${arg.slice('--no-attach='.length)}` : arg));
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
