/**
 * `berth wait` (its exit code is the containers') and `berth events`: both
 * follow the engine until the containers stop or Ctrl-C. They work with the
 * compose file or, given `-p`, from labels.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { refuseDryRun } from './refuse-dry-run.js';

export function registerWaitAndEvents(program: Command, context: CommandContext): void {
  program
    .command('wait')
    .description('Block until the containers of all (or the named) services stop; exit with their code')
    .argument('[services...]', 'services to wait for')
    .option('--down-project', 'take the project down as soon as the first container stops')
    .action(async (services: string[], flags: { downProject?: boolean }) => {
      if (flags.downProject === true) refuseDryRun(context, 'wait --down-project');
      const { loadTarget, wait } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      context.exitCode = await context.withSession((opened) => wait(target, opened.session, { services, downProject: flags.downProject === true }, { stdout: opened.output.stdout }));
    });

  program
    .command('events')
    .description('Receive real time events from containers')
    .argument('[services...]', 'services to follow')
    .option('--json', 'one JSON object per line')
    .action(async (services: string[], flags: { json?: boolean }) => {
      const { events, loadTarget } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      context.exitCode = await context.withSession((opened) => events(target, opened.session, { services, json: flags.json === true }, { stdout: opened.output.stdout }));
    });
}
