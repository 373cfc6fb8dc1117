/**
 * `berth cp SERVICE:SRC DEST|-` and `berth cp SRC|- SERVICE:DEST`.
 */
import type { Command } from 'commander';
import { wholeNumber, type CommandContext } from '../command-context.js';
import { refuseDryRun } from './refuse-dry-run.js';

interface CopyFlags {
  readonly index?: number;
  readonly all?: boolean;
  readonly followLink?: boolean;
  readonly archive?: boolean;
}

export function registerCp(program: Command, context: CommandContext): void {
  program
    .command('cp')
    .description('Copy files/folders between a service container and the local filesystem')
    .usage('[options] SERVICE:SRC_PATH DEST_PATH|-\n       berth cp [options] SRC_PATH|- SERVICE:DEST_PATH')
    .argument('<source>', 'SERVICE:PATH, a local path, or - (a tar on stdin)')
    .argument('<destination>', 'SERVICE:PATH, a local path, or - (a tar on stdout)')
    .option('--index <number>', 'the container of the service with this number', wholeNumber('--index'))
    .option('--all', 'include containers created by `run`')
    .option('-L, --follow-link', 'always follow a symbolic link in SRC_PATH')
    .option('-a, --archive', 'archive mode: keep the files\' owners (uid/gid)')
    .action(async (source: string, destination: string, flags: CopyFlags) => {
      refuseDryRun(context, 'cp');
      const { cp, loadTarget, nodeCopyHost } = await import('../../app/index.js');
      const target = await loadTarget(context.loadOptions(), []);
      await context.withSession((opened) =>
        cp(
          target,
          opened.session,
          { source, destination, index: flags.index, all: flags.all === true, followLink: flags.followLink === true, archive: flags.archive === true },
          { host: nodeCopyHost(context.cli.cwd), stdin: context.cli.stdin, stdout: opened.output.stdout },
        ),
      );
    });
}
