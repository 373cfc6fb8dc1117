/**
 * Compose's per-service image decisions (`pull_policy`, `--pull`, `--build`,
 * `--no-build`), as pure functions of the service and what is present.
 */
import type { PullPolicy, ServiceConfig } from '../model/index.js';

/** `up --pull`: undefined means "each service's own policy". */
export type PullOption = 'always' | 'missing' | 'never' | 'build' | undefined;

/** `--build` (true), `--no-build` (false), or neither. */
export type BuildOption = boolean | undefined;

export type EffectivePolicy = 'always' | 'missing' | 'never' | 'build';

/**
 * `--pull` replaces every service's policy; `--build` makes every service
 * with a `build` section build. The refresh policies (`refresh`, `daily`,
 * `weekly`, `every_<duration>`) act as `missing`: berth does not know when
 * an image was last tagged, which is what Compose compares them with.
 */
export function effectivePolicy(service: Pick<ServiceConfig, 'pull_policy' | 'build'>, pull: PullOption, build: BuildOption): EffectivePolicy {
  if (build === true && service.build !== undefined) return 'build';
  const policy: PullPolicy = pull ?? service.pull_policy ?? 'missing';
  switch (policy) {
    case 'always':
    case 'missing':
    case 'never':
    case 'build':
      return policy;
    default:
      return 'missing';
  }
}

/** Whether the service's image is pulled before anything else (Compose's `mustPull`). */
export function mustPull(service: Pick<ServiceConfig, 'image'>, policy: EffectivePolicy, present: boolean): boolean {
  if (service.image === undefined) return false;
  switch (policy) {
    case 'always':
      return true;
    case 'never':
    case 'build':
      return false;
    case 'missing':
      return !present;
    default: {
      const unreachable: never = policy;
      throw new Error(`unknown pull policy ${String(unreachable)}`);
    }
  }
}

/** Whether the service's image is built, once pulls are done (`--no-build` builds nothing). */
export function mustBuild(service: Pick<ServiceConfig, 'build'>, policy: EffectivePolicy, present: boolean, build: BuildOption): boolean {
  if (service.build === undefined || build === false) return false;
  return policy === 'build' || !present;
}
