/**
 * `berth engine`: berth's own engine, berthd. `berth` starts it on demand;
 * these subcommands run it in the foreground, show whether it runs, and
 * stop it (containers keep running).
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

export function registerEngine(program: Command, context: CommandContext): void {
  const engine = program.command('engine').description("Run, inspect or stop berth's own engine (berthd)");

  engine
    .command('run', { isDefault: true })
    .description('Run berthd in the foreground (Ctrl-C stops it; containers keep running)')
    .action(async () => {
      const { runEngineForeground } = await import('../../app/index.js');
      context.exitCode = await runEngineForeground(context.environment, context.cli.interrupts?.signal);
    });

  engine
    .command('status')
    .description('Say whether berthd runs, and where')
    .action(async () => {
      const { engineStatus } = await import('../../app/index.js');
      const status = await engineStatus(context.environment);
      context.cli.stdout.write(
        status.running ? `berthd is running on unix://${status.socket}${status.pid === undefined ? '' : ` (pid ${status.pid})`}\n` : `berthd is not running (socket unix://${status.socket})\n`,
      );
      context.exitCode = status.running ? 0 : 1;
    });

  engine
    .command('stop')
    .description('Stop berthd (containers keep running; the next berthd adopts them)')
    .action(async () => {
      const { stopEngine } = await import('../../app/index.js');
      const stopped = await stopEngine(context.environment);
      context.cli.stdout.write(stopped ? 'berthd stopped\n' : 'berthd was not running\n');
    });

  engine
    .command('load')
    .description('Load images from a `docker save` or OCI archive into berthd')
    .argument('<archive>', 'the .tar file')
    .action(async (archive: string) => {
      const { loadIntoEngine } = await import('../../app/index.js');
      const { resolve } = await import('node:path');
      for (const name of await loadIntoEngine(context.environment, resolve(context.cli.cwd, archive))) context.cli.stdout.write(`Loaded image: ${name}\n`);
    });
}
