/**
 * `berth up`'s options, as values, and Compose's rules about which of them
 * go together (`cmd/compose/up.go validateFlags`).
 */
import { BerthError } from '../errors.js';

export type PullPolicyOption = 'always' | 'missing' | 'never' | 'build';

export interface UpOptions {
  readonly services: readonly string[];
  /** `-d`. */
  readonly detach: boolean;
  /** `--wait` (implies detach). */
  readonly wait: boolean;
  readonly waitTimeoutMs?: number | undefined;
  /** true: `--build`; false: `--no-build`. */
  readonly build?: boolean | undefined;
  readonly pull?: PullPolicyOption | undefined;
  readonly quietPull: boolean;
  readonly forceRecreate: boolean;
  readonly noRecreate: boolean;
  readonly alwaysRecreateDeps: boolean;
  readonly noDeps: boolean;
  readonly removeOrphans: boolean;
  /** `COMPOSE_IGNORE_ORPHANS`. */
  readonly ignoreOrphans: boolean;
  readonly scale: Readonly<Record<string, number>>;
  /** `-t`. */
  readonly timeoutSeconds?: number | undefined;
  /** `-V`. */
  readonly renewAnonVolumes: boolean;
  readonly noStart: boolean;
  /** `--dry-run`: print the plan (text or JSON) and change nothing. */
  readonly dryRun?: 'text' | 'json' | undefined;
  readonly abortOnContainerExit: boolean;
  readonly abortOnContainerFailure: boolean;
  readonly exitCodeFrom?: string | undefined;
  readonly attach: readonly string[];
  readonly noAttach: readonly string[];
  readonly attachDependencies: boolean;
  /** `--build-arg` values and the environment build args resolve from. */
  readonly buildArgs?: Readonly<Record<string, string>> | undefined;
}

export const UP_DEFAULTS: UpOptions = {
  services: [],
  detach: false,
  wait: false,
  quietPull: false,
  forceRecreate: false,
  noRecreate: false,
  alwaysRecreateDeps: false,
  noDeps: false,
  removeOrphans: false,
  ignoreOrphans: false,
  scale: {},
  renewAnonVolumes: false,
  noStart: false,
  abortOnContainerExit: false,
  abortOnContainerFailure: false,
  attach: [],
  noAttach: [],
  attachDependencies: false,
};

/** Throws on flags that contradict each other, before anything is read or changed. */
export function validateUpOptions(options: UpOptions): void {
  const conflict = (a: string, b: string): never => {
    throw new BerthError('invalid_argument', `${a} and ${b} cannot be combined; drop one of them`);
  };
  const aborts = options.abortOnContainerExit || options.abortOnContainerFailure || options.exitCodeFrom !== undefined;
  if (options.wait) {
    if (aborts) conflict('--wait', '--abort-on-container-exit, --abort-on-container-failure or --exit-code-from');
    if (options.attach.length > 0 || options.attachDependencies) conflict('--wait', '--attach or --attach-dependencies');
  }
  if (options.detach) {
    if (aborts) conflict('-d', '--abort-on-container-exit, --abort-on-container-failure or --exit-code-from');
    if (options.attach.length > 0 || options.attachDependencies) conflict('-d', '--attach or --attach-dependencies');
  }
  if (options.abortOnContainerExit && options.abortOnContainerFailure) conflict('--abort-on-container-exit', '--abort-on-container-failure');
  if (options.forceRecreate && options.noRecreate) conflict('--force-recreate', '--no-recreate');
  if (options.noStart && (options.wait || aborts)) conflict('--no-start', '--wait or the abort flags');
  if (options.waitTimeoutMs !== undefined && (!Number.isFinite(options.waitTimeoutMs) || options.waitTimeoutMs < 0)) {
    throw new BerthError('invalid_argument', '--wait-timeout must be a number of seconds, 0 or more');
  }
  if (options.timeoutSeconds !== undefined && (!Number.isInteger(options.timeoutSeconds) || options.timeoutSeconds < 0)) {
    throw new BerthError('invalid_argument', '-t/--timeout must be a whole number of seconds, 0 or more');
  }
}

/** Parses `--scale web=3` values. */
export function parseScale(values: readonly string[]): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const value of values) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (match === null) throw new BerthError('invalid_argument', `--scale ${value}: expected SERVICE=NUMBER, e.g. --scale web=3`);
    scale[match[1] ?? ''] = Number(match[2]);
  }
  return scale;
}
