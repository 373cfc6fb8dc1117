/**
 * After interpolation, a few attributes that Compose types as numbers or
 * booleans are cast from strings, so `replicas: "${N}"` ends up a number.
 * The table is compose-go's `interpolateTypeCastMapping` (`loader/interpolate.go`).
 *
 * Patterns are dotted paths: `*` matches any key or list index, `[]` matches
 * a list index only, anything else matches that key exactly.
 */
import type { ModelPath } from '../tree.js';

/** `int` also covers Go's int64: both are 64-bit where Compose runs. */
export type CastKind = 'int' | 'float' | 'float32' | 'bool';

export interface TypeCastRule {
  readonly pattern: string;
  readonly cast: CastKind;
}

const service = (rest: string, cast: CastKind): TypeCastRule => ({ pattern: `services.*.${rest}`, cast });
const topLevel = (pattern: string, cast: CastKind): TypeCastRule => ({ pattern, cast });

export const COMPOSE_TYPE_CAST_RULES: readonly TypeCastRule[] = [
  service('cpu_count', 'int'),
  service('cpu_percent', 'float'),
  service('cpu_period', 'int'),
  service('cpu_quota', 'int'),
  service('cpu_rt_period', 'int'),
  service('cpu_rt_runtime', 'int'),
  service('cpus', 'float32'),
  service('cpu_shares', 'int'),
  service('init', 'bool'),
  service('depends_on.*.required', 'bool'),
  service('depends_on.*.restart', 'bool'),
  service('deploy.replicas', 'int'),
  service('deploy.update_config.parallelism', 'int'),
  service('deploy.update_config.max_failure_ratio', 'float'),
  service('deploy.rollback_config.parallelism', 'int'),
  service('deploy.rollback_config.max_failure_ratio', 'float'),
  service('deploy.restart_policy.max_attempts', 'int'),
  service('deploy.placement.max_replicas_per_node', 'int'),
  service('healthcheck.retries', 'int'),
  service('healthcheck.disable', 'bool'),
  service('oom_kill_disable', 'bool'),
  service('oom_score_adj', 'int'),
  service('pids_limit', 'int'),
  service('ports.[].target', 'int'),
  service('privileged', 'bool'),
  service('read_only', 'bool'),
  service('scale', 'int'),
  service('stdin_open', 'bool'),
  service('tty', 'bool'),
  service('ulimits.*', 'int'),
  service('ulimits.*.hard', 'int'),
  service('ulimits.*.soft', 'int'),
  service('volumes.[].read_only', 'bool'),
  service('volumes.[].volume.nocopy', 'bool'),
  topLevel('networks.*.external', 'bool'),
  topLevel('networks.*.internal', 'bool'),
  topLevel('networks.*.attachable', 'bool'),
  topLevel('networks.*.enable_ipv4', 'bool'),
  topLevel('networks.*.enable_ipv6', 'bool'),
  topLevel('volumes.*.external', 'bool'),
  topLevel('secrets.*.external', 'bool'),
  topLevel('configs.*.external', 'bool'),
];

/** Whether `path` (keys and list indexes) has the shape `pattern` describes. */
export function matchesPattern(path: ModelPath, pattern: string): boolean {
  const parts = pattern.split('.');
  if (parts.length !== path.length) return false;
  return parts.every((part, index) => {
    const step = path[index];
    if (part === '*') return true;
    if (part === '[]') return typeof step === 'number';
    return step === part;
  });
}

export function findCastRule(path: ModelPath, rules: readonly TypeCastRule[]): TypeCastRule | undefined {
  return rules.find((rule) => matchesPattern(path, rule.pattern));
}
