/**
 * Flags → options → app → exit code. Flags follow Docker Compose's CLI.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { showConfig, type ConfigView } from '../app/config.js';
import { BerthError } from '../errors.js';
import type { LoadProjectOptions } from '../model/index.js';
import { VERSION } from './version.js';

export interface CliEnvironment {
  readonly environment: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

interface GlobalFlags {
  readonly file?: string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFile?: string[];
  readonly profile?: string[];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

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
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cli.stdout.write(text),
      writeErr: (text) => cli.stderr.write(text),
    });

  const loadOptions = (services: readonly string[] = []): LoadProjectOptions => {
    const flags = program.opts<GlobalFlags>();
    return {
      workingDir: cli.cwd,
      environment,
      configFiles: flags.file,
      projectName: flags.projectName,
      projectDirectory: flags.projectDirectory,
      envFiles: flags.envFile,
      profiles: flags.profile,
      services,
      onWarning: (message) => cli.stderr.write(`WARN ${message}\n`),
    };
  };

  program
    .command('config')
    .description('Parse, resolve and render the compose file in canonical format')
    .argument('[services...]', 'services to show')
    // No default: `--variables` prints a table unless a format is asked for, as Compose does.
    .addOption(new Option('--format <format>', 'output format (default: yaml)').choices(['yaml', 'json']))
    .option('-q, --quiet', 'only validate the configuration, print nothing')
    .option('--services', 'print the service names, one per line')
    .option('--volumes', 'print the volume names, one per line')
    .option('--networks', 'print the network names, one per line')
    .option('--images', 'print the image names, one per line')
    .option('--profiles', 'print the profile names, one per line')
    .option('--hash <services>', 'print the config hash of the services ("*" for all)')
    .option('--no-interpolate', 'do not interpolate environment variables')
    .option('--environment', 'print the environment used for interpolation')
    .option('--variables', 'print the variables the model uses and their defaults')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (services: string[], flags: ConfigFlags) => {
      const view = configView(flags);
      const text = await showConfig(view, { ...loadOptions(ignoresServiceArguments(view) ? [] : services), interpolate: flags.interpolate });
      // Like Compose, an empty result (`-q`) leaves any existing output file untouched.
      if (flags.output !== undefined && flags.output !== '') {
        if (text !== '') await writeFile(resolve(cli.cwd, flags.output), text);
      } else {
        cli.stdout.write(text);
      }
    });

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
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeFor(error, cli.stderr);
  }
}

interface ConfigFlags {
  readonly format?: 'yaml' | 'json';
  readonly quiet?: boolean;
  readonly services?: boolean;
  readonly volumes?: boolean;
  readonly networks?: boolean;
  readonly images?: boolean;
  readonly profiles?: boolean;
  readonly hash?: string;
  readonly interpolate: boolean;
  readonly environment?: boolean;
  readonly variables?: boolean;
  readonly output?: string;
}

function configView(flags: ConfigFlags): ConfigView {
  if (flags.quiet) return { kind: 'quiet' };
  if (flags.services) return { kind: 'services' };
  if (flags.volumes) return { kind: 'volumes' };
  if (flags.networks) return { kind: 'networks' };
  if (flags.images) return { kind: 'images' };
  if (flags.profiles) return { kind: 'profiles' };
  // Compose treats `--hash ""` as no --hash at all.
  if (flags.hash !== undefined && flags.hash !== '') return { kind: 'hash', services: flags.hash === '*' ? '*' : flags.hash.split(',').filter((name) => name !== '') };
  if (flags.environment) return { kind: 'environment' };
  if (flags.variables) return { kind: 'variables', format: flags.format ?? 'table' };
  return { kind: 'project', format: flags.format ?? 'yaml' };
}

/** Compose lists these for the whole project, whatever services are named (so a named service does not enable its profiles). */
function ignoresServiceArguments(view: ConfigView): boolean {
  return view.kind === 'services' || view.kind === 'volumes' || view.kind === 'networks' || view.kind === 'hash';
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
