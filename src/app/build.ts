/**
 * `berth build [SERVICE…]`: builds the services that have a build section
 * (apply's buildImages: the classic builder, the context filtered by
 * .dockerignore), with `--build-arg`, `--no-cache` and `--pull`. The
 * builder's output goes to `onOutput` unless `-q`.
 */
import { buildImages } from '../apply/index.js';
import type { LoadedProject } from '../model/index.js';
import { selectedServices } from './selection.js';
import type { Session } from './session.js';

export interface BuildOptions {
  readonly services: readonly string[];
  /** `--build-arg KEY=VALUE`, repeatable; a bare KEY takes its value from the project's environment. */
  readonly buildArgs: readonly string[];
  readonly noCache: boolean;
  /** `--pull`: always pull the base images. */
  readonly pull: boolean;
  /** `-q`: no builder output, no progress. */
  readonly quiet: boolean;
  /** `--with-dependencies`: the named services' dependencies too. */
  readonly withDependencies: boolean;
}

/** Resolves image reference → built image ID. */
export async function build(loaded: LoadedProject, session: Session, options: BuildOptions, io: { readonly onOutput: (service: string, line: string) => void }): Promise<Map<string, string>> {
  const { project } = loaded;
  const services = selectedServices(project, options.services, !options.withDependencies).filter((name) => project.services[name]?.build !== undefined);
  return buildImages(project, session.engine, {
    services,
    buildArgs: parseBuildArgs(options.buildArgs, loaded.environment),
    environment: loaded.environment,
    noCache: options.noCache,
    pullBase: options.pull,
    onEvent: options.quiet ? undefined : session.onEvent,
    onBuildOutput: options.quiet ? undefined : io.onOutput,
    signal: session.signal,
    parallel: session.parallel,
  });
}

/** `--build-arg KEY=VALUE`, or `KEY` for berth's own value of KEY (dropped when unset), as in Compose. */
export function parseBuildArgs(entries: readonly string[], environment: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals >= 0) args[entry.slice(0, equals)] = entry.slice(equals + 1);
    else {
      const value = environment[entry];
      if (value !== undefined) args[entry] = value;
    }
  }
  return args;
}
