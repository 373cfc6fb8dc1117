/**
 * `berth pull`, `push` and `build`: they need the compose file.
 */
import { Option, type Command } from 'commander';
import { collect, type CommandContext } from '../command-context.js';
import { refuseDryRun } from './refuse-dry-run.js';

export function registerImageCommands(program: Command, context: CommandContext): void {
  program
    .command('pull')
    .description('Pull service images')
    .argument('[services...]', 'services whose images to pull')
    .option('-q, --quiet', 'pull without printing progress')
    .option('--ignore-pull-failures', 'pull what can be pulled and ignore images that fail')
    .option('--ignore-buildable', 'ignore images that can be built')
    .option('--include-deps', 'also pull the images of services the named ones depend on')
    .addOption(new Option('--policy <policy>', 'pull policy for every service with an image').choices(['missing', 'always']))
    .action(async (services: string[], flags: { quiet?: boolean; ignorePullFailures?: boolean; ignoreBuildable?: boolean; includeDeps?: boolean; policy?: 'missing' | 'always' }) => {
      refuseDryRun(context, 'pull');
      const { loadForCommand, pull } = await import('../../app/index.js');
      const loaded = await loadForCommand(context.loadOptions(services), services);
      await context.withSession((opened) =>
        pull(loaded, opened.session, {
          services,
          quiet: flags.quiet === true,
          ignorePullFailures: flags.ignorePullFailures === true,
          ignoreBuildable: flags.ignoreBuildable === true,
          includeDeps: flags.includeDeps === true,
          policy: flags.policy,
        }),
      );
    });

  program
    .command('push')
    .description('Push service images')
    .argument('[services...]', 'services whose images to push')
    .option('-q, --quiet', 'push without printing progress')
    .option('--ignore-push-failures', 'push what can be pushed and ignore images that fail')
    .option('--include-deps', 'also push the images of services the named ones depend on')
    .action(async (services: string[], flags: { quiet?: boolean; ignorePushFailures?: boolean; includeDeps?: boolean }) => {
      refuseDryRun(context, 'push');
      const { loadForCommand, push } = await import('../../app/index.js');
      const loaded = await loadForCommand(context.loadOptions(services), services);
      await context.withSession((opened) =>
        push(loaded, opened.session, { services, quiet: flags.quiet === true, ignorePushFailures: flags.ignorePushFailures === true, includeDeps: flags.includeDeps === true }),
      );
    });

  program
    .command('build')
    .description('Build or rebuild services')
    .argument('[services...]', 'services to build')
    .option('--build-arg <KEY=VALUE>', 'set a build-time variable (repeatable; KEY alone takes its value from the environment)', collect)
    .option('--no-cache', 'do not use the cache when building')
    .option('--pull', 'always try to pull a newer version of the base images')
    .option('-q, --quiet', 'do not print the build output')
    .option('--with-dependencies', 'also build the services the named ones depend on')
    .action(async (services: string[], flags: { buildArg?: string[]; cache: boolean; pull?: boolean; quiet?: boolean; withDependencies?: boolean }) => {
      refuseDryRun(context, 'build');
      const { build, loadForCommand } = await import('../../app/index.js');
      const loaded = await loadForCommand(context.loadOptions(services), services);
      await context.withSession((opened) =>
        build(
          loaded,
          opened.session,
          { services, buildArgs: flags.buildArg ?? [], noCache: flags.cache === false, pull: flags.pull === true, quiet: flags.quiet === true, withDependencies: flags.withDependencies === true },
          { onOutput: (service, line) => opened.output.stderr.write(`${service}  ${line}\n`) },
        ),
      );
    });
}
