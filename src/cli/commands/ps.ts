/**
 * `berth ps`.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { PsView } from '../../app/index.js';
import { collect, type CommandContext } from '../command-context.js';

interface PsFlags {
  readonly all?: boolean;
  readonly quiet?: boolean;
  readonly services?: boolean;
  readonly status?: string[];
  readonly filter?: string;
  readonly format: 'table' | 'json';
  readonly trunc?: boolean;
}

export function registerPs(program: Command, context: CommandContext): void {
  program
    .command('ps')
    .description('List containers')
    .argument('[services...]', 'services to list')
    .option('-a, --all', 'show all containers, stopped ones and one-offs included')
    .option('-q, --quiet', 'only show IDs')
    .option('--services', 'only show service names')
    .option('--status <status>', 'only containers in this state (repeatable)', collect)
    .option('--filter <filter>', 'filter, e.g. status=running')
    .option('--no-trunc', 'do not truncate the COMMAND column')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (services: string[], flags: PsFlags) => {
      const { loadTarget, ps } = await import('../../app/index.js');
      const status = [...(flags.status ?? [])];
      if (flags.filter !== undefined) {
        const match = /^status=(.+)$/.exec(flags.filter);
        if (match === null) throw new InvalidArgumentError(`--filter ${flags.filter}: only status=STATE is supported`);
        status.push(match[1] ?? '');
      }
      const view: PsView = flags.quiet === true ? 'quiet' : flags.services === true ? 'services' : flags.format;
      const target = await loadTarget(context.loadOptions(services), services);
      const text = await context.withSession((opened) => ps(target, opened.session, { services, all: flags.all === true, status, view, noTrunc: flags.trunc === false }));
      context.cli.stdout.write(text);
    });
}
