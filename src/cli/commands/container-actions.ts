/**
 * `berth kill`, `pause`, `unpause` and `rm`: they work with the compose
 * file or, given `-p`, from labels.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { refuseDryRun } from './refuse-dry-run.js';

export function registerContainerActions(program: Command, context: CommandContext): void {
  program
    .command('kill')
    .description('Force stop service containers')
    .argument('[services...]', 'services to kill')
    .option('-s, --signal <signal>', 'signal to send to the containers', 'SIGKILL')
    .option('--remove-orphans', 'also kill containers of services not in the compose file')
    .action(async (services: string[], flags: { signal: string; removeOrphans?: boolean }) => {
      refuseDryRun(context, 'kill');
      const { kill, loadTarget } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      const removeOrphans = flags.removeOrphans === true || /^(1|true)$/i.test(context.environment['COMPOSE_REMOVE_ORPHANS'] ?? '');
      await context.withSession((opened) => kill(target, opened.session, { services, signal: flags.signal, removeOrphans }));
    });

  for (const [name, description] of [
    ['pause', 'Pause services'],
    ['unpause', 'Unpause services'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('[services...]', `services to ${name}`)
      .action(async (services: string[]) => {
        refuseDryRun(context, name);
        const app = await import('../../app/index.js');
        const target = await app.loadTarget(context.loadOptions(services), services);
        await context.withSession((opened) => (name === 'pause' ? app.pause : app.unpause)(target, opened.session, { services }));
      });
  }

  program
    .command('rm')
    .description('Removes stopped service containers')
    .argument('[services...]', 'services whose containers to remove')
    .option('-f, --force', 'do not ask to confirm the removal')
    .option('-s, --stop', 'stop the containers first, if they are running')
    .option('-v, --volumes', 'remove the anonymous volumes attached to the containers')
    .action(async (services: string[], flags: { force?: boolean; stop?: boolean; volumes?: boolean }) => {
      refuseDryRun(context, 'rm');
      const { loadTarget, rm } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(services), services);
      await context.withSession((opened) =>
        rm(target, opened.session, { services, force: flags.force === true, stop: flags.stop === true, volumes: flags.volumes === true }, {
          stdout: opened.output.stdout,
          confirm: async (question) => {
            opened.output.stdout.write(question);
            return isYes(await readLine(context.cli.stdin));
          },
        }),
      );
    });
}

/** Compose takes y, yes, true and 1 (any case) for yes; anything else, or no answer, is no. */
export function isYes(answer: string): boolean {
  return /^(y|yes|true|1)$/i.test(answer.trim());
}

async function readLine(stdin: NodeJS.ReadableStream | undefined): Promise<string> {
  if (stdin === undefined) return '';
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: stdin, terminal: false });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}
