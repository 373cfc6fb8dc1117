/**
 * `berth up` and `berth create` (= `up --no-start`), with Compose's flags.
 */
import { Option, type Command } from 'commander';
import type { PullPolicyOption, UpOptions } from '../../app/index.js';
import { collect, seconds, type CommandContext } from '../command-context.js';

interface UpFlags {
  readonly detach?: boolean;
  readonly wait?: boolean;
  readonly waitTimeout?: number;
  readonly build?: boolean;
  readonly pull?: PullPolicyOption;
  readonly quietPull?: boolean;
  readonly forceRecreate?: boolean;
  readonly recreate: boolean;
  readonly alwaysRecreateDeps?: boolean;
  readonly deps: boolean;
  readonly removeOrphans?: boolean;
  readonly scale?: string[];
  readonly timeout?: number;
  readonly renewAnonVolumes?: boolean;
  readonly start: boolean;
  readonly abortOnContainerExit?: boolean;
  readonly abortOnContainerFailure?: boolean;
  readonly exitCodeFrom?: string;
  readonly attach?: string[];
  readonly skipAttach?: string[];
  readonly attachDependencies?: boolean;
  readonly logPrefix: boolean;
  readonly color: boolean;
  readonly timestamps?: boolean;
  readonly format?: 'text' | 'json';
  readonly yes?: boolean;
}

/** `--no-attach SERVICE` takes a value, which commander cannot tell from a negated flag; the CLI renames it before parsing. */
export const NO_ATTACH_ALIAS = '--skip-attach';

export function registerUp(program: Command, context: CommandContext): void {
  const command = program
    .command('up')
    .description('Create and start containers')
    .argument('[services...]', 'services to start (with their dependencies)');
  addCreateOptions(command);
  command
    .option('-d, --detach', 'run containers in the background')
    .option('--wait', 'wait for services to be running or healthy (implies --detach)')
    .option('--wait-timeout <seconds>', 'give up waiting after this many seconds', seconds('--wait-timeout'))
    .option('--no-start', 'do not start the services after creating them')
    .option('--abort-on-container-exit', 'stop all containers if any container stops')
    .option('--abort-on-container-failure', 'stop all containers if any container exits with a failure')
    .option('--exit-code-from <service>', 'return the exit code of this service\'s container (implies --abort-on-container-exit)')
    .option('--attach <service>', 'show only this service\'s output (repeatable)', collect)
    .addOption(new Option(`${NO_ATTACH_ALIAS} <service>`, 'do not show this service\'s output').argParser(collect).hideHelp())
    .option('--attach-dependencies', 'show the output of dependencies too')
    .option('--no-log-prefix', 'do not prefix lines with the container name')
    .option('--no-color', 'monochrome output')
    .option('--timestamps', 'show the time each line was printed')
    .addOption(new Option('--format <format>', 'plan format with --dry-run').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\n  --no-attach <service>  do not show this service\'s output (repeatable)')
    .action(async (services: string[], flags: UpFlags) => {
      context.exitCode = await runUp(context, services, flags, {});
    });

  const create = program.command('create').description('Create containers without starting them').argument('[services...]', 'services to create');
  addCreateOptions(create);
  create.addOption(new Option('--format <format>', 'plan format with --dry-run').choices(['text', 'json']).default('text')).action(async (services: string[], flags: UpFlags) => {
    context.exitCode = await runUp(context, services, { ...flags, start: false, logPrefix: true, color: true }, { noStart: true });
  });
}

function addCreateOptions(command: Command): void {
  command
    .option('--build', 'build images before starting containers')
    .option('--no-build', 'do not build images, even when missing')
    .addOption(new Option('--pull <policy>', 'pull images before running').choices(['always', 'missing', 'never', 'build']))
    .option('--quiet-pull', 'pull without printing progress')
    .option('--force-recreate', 'recreate containers even if nothing changed')
    .option('--no-recreate', 'never recreate existing containers')
    .option('--always-recreate-deps', 'recreate dependent containers too')
    .option('--no-deps', 'do not start linked services')
    .option('--remove-orphans', 'remove containers of services not in the compose file')
    .option('--scale <service=number>', 'scale a service (repeatable)', collect)
    .option('-t, --timeout <seconds>', 'shutdown timeout in seconds', seconds('--timeout'))
    .option('-V, --renew-anon-volumes', 'recreate anonymous volumes instead of reusing them')
    .option('-y, --yes', 'assume yes to prompts');
}

async function runUp(context: CommandContext, services: readonly string[], flags: UpFlags, overrides: Partial<UpOptions>): Promise<number> {
  const { loadForCommand, parseScale, up } = await import('../../app/index.js');
  const environment = context.environment;
  const options: UpOptions = {
    services,
    detach: flags.detach === true || flags.wait === true,
    wait: flags.wait === true,
    waitTimeoutMs: flags.waitTimeout === undefined ? undefined : flags.waitTimeout * 1000,
    build: flags.build,
    pull: flags.pull,
    quietPull: flags.quietPull === true,
    forceRecreate: flags.forceRecreate === true,
    noRecreate: flags.recreate === false,
    alwaysRecreateDeps: flags.alwaysRecreateDeps === true,
    noDeps: flags.deps === false,
    removeOrphans: flags.removeOrphans === true || isTrue(environment['COMPOSE_REMOVE_ORPHANS']),
    ignoreOrphans: isTrue(environment['COMPOSE_IGNORE_ORPHANS']),
    scale: parseScale(flags.scale ?? []),
    timeoutSeconds: flags.timeout,
    renewAnonVolumes: flags.renewAnonVolumes === true,
    noStart: flags.start === false,
    dryRun: context.flags().dryRun === true ? (flags.format ?? 'text') : undefined,
    abortOnContainerExit: flags.abortOnContainerExit === true,
    abortOnContainerFailure: flags.abortOnContainerFailure === true,
    exitCodeFrom: flags.exitCodeFrom,
    attach: flags.attach ?? [],
    noAttach: flags.skipAttach ?? [],
    attachDependencies: flags.attachDependencies === true,
    ...overrides,
  };
  const loaded = await loadForCommand(context.loadOptions(services), services);
  return context.withSession(async (opened) => {
    const logs = context.logPrinterFor(opened, { color: flags.color, prefix: flags.logPrefix, timestamps: flags.timestamps === true });
    return up(loaded, opened.session, options, { stdout: opened.output.stdout as { write(text: string): unknown }, logs });
  });
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value);
}
