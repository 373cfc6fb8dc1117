/**
 * `berth down`: works with the compose file or, given `-p`, from labels.
 */
import { Option, type Command } from 'commander';
import { BerthError } from '../../errors.js';
import { seconds, type CommandContext } from '../command-context.js';

interface DownFlags {
  readonly volumes?: boolean;
  readonly removeOrphans?: boolean;
  readonly timeout?: number;
  readonly rmi?: 'local' | 'all';
}

export function registerDown(program: Command, context: CommandContext): void {
  program
    .command('down')
    .description('Stop and remove containers and networks')
    .argument('[services...]', 'services to remove (with the services that depend on them)')
    .option('-v, --volumes', 'remove named volumes declared in the compose file and anonymous volumes')
    .option('--remove-orphans', 'remove containers of services not in the compose file')
    .option('-t, --timeout <seconds>', 'shutdown timeout in seconds', seconds('--timeout'))
    .addOption(new Option('--rmi <type>', 'remove images used by services').choices(['local', 'all']))
    .action(async (services: string[], flags: DownFlags) => {
      const { down, loadTarget } = await import('../../app/index.js');
      if (flags.rmi !== undefined) throw new BerthError('invalid_argument', '--rmi is not supported yet; remove images with `docker image rm`');
      if (context.flags().dryRun === true) throw new BerthError('invalid_argument', '--dry-run is supported by `up` only for now');
      const target = await loadTarget(context.loadOptions(services), services);
      const removeOrphans = flags.removeOrphans === true || /^(1|true)$/i.test(context.environment['COMPOSE_REMOVE_ORPHANS'] ?? '');
      await context.withSession((opened) =>
        down(target, opened.session, { services, volumes: flags.volumes === true, removeOrphans, timeoutSeconds: flags.timeout }),
      );
    });
}
