import type { LoaderHost } from './host.js';

/** What a user can say about which project to load: Compose's global flags, as values. */
export interface LoadProjectOptions {
  /** The directory the command runs in. */
  readonly workingDir: string;
  /** The shell environment; it wins over every env file. */
  readonly environment: Readonly<Record<string, string>>;
  /** `-f` values in order; `-` is stdin. Default discovery when absent or empty. */
  readonly configFiles?: readonly string[] | undefined;
  /** `-p`. */
  readonly projectName?: string | undefined;
  /** `--project-directory`. */
  readonly projectDirectory?: string | undefined;
  /** `--env-file`, repeatable; replaces the default `.env`. */
  readonly envFiles?: readonly string[] | undefined;
  /** `--profile`, repeatable. */
  readonly profiles?: readonly string[] | undefined;
  /** Services named on the command line: they enable their own profiles and, unless `selectServices` is false, narrow the project to them and their dependencies. */
  readonly services?: readonly string[] | undefined;
  readonly selectServices?: boolean | undefined;
  /** `false` for `--no-interpolate`. */
  readonly interpolate?: boolean | undefined;
  readonly host?: LoaderHost | undefined;
  readonly onWarning?: ((message: string) => void) | undefined;
}
