/**
 * `berth top`, `port`, `images` and `ls`: read-only views. `top`, `port`
 * and `images` work with the compose file or, given `-p`, from labels; `ls`
 * needs neither.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { collect, wholeNumber, type CommandContext } from '../command-context.js';

export function registerListings(program: Command, context: CommandContext): void {
  program
    .command('top')
    .description('Display the running processes')
    .argument('[services...]', 'services to show')
    .action(async (services: string[]) => {
      const { loadTarget, top } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      context.cli.stdout.write(await context.withSession((opened) => top(target, opened.session, { services })));
    });

  program
    .command('port')
    .description('Print the public port for a port binding')
    .argument('<service>', 'the service')
    .argument('<private_port>', 'the container port (80, or 53/udp)')
    .addOption(new Option('--protocol <protocol>', 'tcp or udp').choices(['tcp', 'udp', 'sctp']).default('tcp'))
    .option('--index <number>', 'the container of the service with this number', wholeNumber('--index'))
    .action(async (service: string, privatePort: string, flags: { protocol: string; index?: number }) => {
      const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(privatePort);
      if (match === null || Number(match[1]) > 65535) throw new InvalidArgumentError(`${privatePort} is not a port number (0-65535, optionally /tcp or /udp)`);
      const { loadTarget, port } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions([service]), [service]);
      const address = await context.withSession((opened) =>
        port(target, opened.session, { service, privatePort: Number(match[1]), protocol: match[2] ?? flags.protocol, index: flags.index }),
      );
      context.cli.stdout.write(`${address}\n`);
    });

  program
    .command('images')
    .description('List images used by the created containers')
    .argument('[services...]', 'services to list')
    .option('-q, --quiet', 'only show image IDs')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (services: string[], flags: { quiet?: boolean; format: 'table' | 'json' }) => {
      const { images, loadTarget } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      context.cli.stdout.write(await context.withSession((opened) => images(target, opened.session, { services, view: flags.quiet === true ? 'quiet' : flags.format })));
    });

  program
    .command('ls')
    .description('List running compose projects')
    .option('-a, --all', 'show stopped projects too')
    .option('-q, --quiet', 'only show project names')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--filter <filter>', 'only projects whose name matches: name=NAME or name=REGEX (repeatable)', collect)
    .action(async (flags: { all?: boolean; quiet?: boolean; format: 'table' | 'json'; filter?: string[] }) => {
      const { ls } = await import('../../app/index.js');
      context.cli.stdout.write(await context.withSession((opened) => ls(opened.session, { all: flags.all === true, filters: flags.filter ?? [], view: flags.quiet === true ? 'quiet' : flags.format })));
    });
}
