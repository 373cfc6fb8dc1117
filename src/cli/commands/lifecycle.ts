/**
 * `berth stop`, `start` and `restart`: they work with the compose file or,
 * given `-p`, from labels.
 */
import type { Command } from 'commander';
import { seconds, type CommandContext } from '../command-context.js';

export function registerLifecycle(program: Command, context: CommandContext): void {
  program
    .command('stop')
    .description('Stop services')
    .argument('[services...]', 'services to stop')
    .option('-t, --timeout <seconds>', 'shutdown timeout in seconds', seconds('--timeout'))
    .action(async (services: string[], flags: { timeout?: number }) => {
      const { loadTarget, stop } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      await context.withSession((opened) => stop(target, opened.session, { services, timeoutSeconds: flags.timeout }));
    });

  program
    .command('start')
    .description('Start services')
    .argument('[services...]', 'services to start')
    .option('--wait', 'wait for services to be running or healthy')
    .option('--wait-timeout <seconds>', 'give up waiting after this many seconds', seconds('--wait-timeout'))
    .action(async (services: string[], flags: { wait?: boolean; waitTimeout?: number }) => {
      const { loadTarget, start } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      await context.withSession((opened) =>
        start(target, opened.session, { services, wait: flags.wait === true, waitTimeoutMs: flags.waitTimeout === undefined ? undefined : flags.waitTimeout * 1000 }),
      );
    });

  program
    .command('restart')
    .description('Restart service containers')
    .argument('[services...]', 'services to restart')
    .option('-t, --timeout <seconds>', 'shutdown timeout in seconds', seconds('--timeout'))
    .option('--no-deps', 'do not restart dependent services')
    .action(async (services: string[], flags: { timeout?: number; deps: boolean }) => {
      const { loadTarget, restart } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      await context.withSession((opened) => restart(target, opened.session, { services, timeoutSeconds: flags.timeout, noDeps: flags.deps === false }));
    });
}
