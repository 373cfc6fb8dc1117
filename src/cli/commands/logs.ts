/**
 * `berth logs`.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { wholeNumber, type CommandContext } from '../command-context.js';

interface LogsFlags {
  readonly follow?: boolean;
  readonly tail?: string;
  readonly since?: string;
  readonly until?: string;
  readonly timestamps?: boolean;
  readonly logPrefix: boolean;
  readonly color: boolean;
  readonly index?: number;
}

export function registerLogs(program: Command, context: CommandContext): void {
  program
    .command('logs')
    .description('View output from containers')
    .argument('[services...]', 'services to show')
    .option('-f, --follow', 'follow the output')
    .option('-n, --tail <lines>', 'number of lines from the end of each container\'s log, or "all"')
    .option('--since <time>', 'show logs since a timestamp (2013-01-02T13:23:37Z) or a relative time (42m)')
    .option('--until <time>', 'show logs before a timestamp or a relative time')
    .option('-t, --timestamps', 'show the engine\'s timestamps')
    .option('--no-log-prefix', 'do not prefix lines with the container name')
    .option('--no-color', 'monochrome output')
    .option('--index <number>', 'the container of the service with this number', wholeNumber('--index'))
    .action(async (services: string[], flags: LogsFlags) => {
      const { loadTarget, logs } = await import('../../app/index.js');
      const tail = flags.tail === undefined || flags.tail === 'all' ? (flags.tail === 'all' ? 'all' : undefined) : parseTail(flags.tail);
      const target = await loadTarget(context.loadOptions(services), services);
      context.exitCode = await context.withSession(async (opened) => {
        const printer = context.logPrinterFor(opened, { color: flags.color, prefix: flags.logPrefix, timestamps: false });
        return logs(target, opened.session, { services, follow: flags.follow === true, tail, since: flags.since, until: flags.until, timestamps: flags.timestamps === true, index: flags.index }, printer);
      });
    });
}

function parseTail(text: string): number | 'all' {
  if (/^-?\d+$/.test(text)) {
    const lines = Number(text);
    return lines < 0 ? 'all' : lines;
  }
  throw new InvalidArgumentError(`--tail ${text}: expected a number of lines or "all"`);
}
