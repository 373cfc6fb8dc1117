/**
 * `berth config`: parse, resolve and render the compose file.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { ConfigView } from '../../app/index.js';
import type { CommandContext } from '../command-context.js';

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

export function registerConfig(program: Command, context: CommandContext): void {
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
      const { showConfig } = await import('../../app/config.js');
      const view = configView(flags);
      const text = await showConfig(view, { ...context.loadOptions(ignoresServiceArguments(view) ? [] : services), interpolate: flags.interpolate });
      // Like Compose, an empty result (`-q`) leaves any existing output file untouched.
      if (flags.output !== undefined && flags.output !== '') {
        if (text !== '') await writeFile(resolve(context.cli.cwd, flags.output), text);
      } else {
        context.cli.stdout.write(text);
      }
    });
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
