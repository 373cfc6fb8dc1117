/**
 * What "ready" means for one container, per condition, judged from one
 * inspect. Compose's rules (`isServiceHealthy`, `isServiceCompleted`) plus
 * berth's `--wait` rule for one-shot jobs.
 */
import type { ContainerInfo } from '../engine/index.js';

export type Verdict =
  | { readonly kind: 'pending' }
  | { readonly kind: 'satisfied'; readonly status: 'healthy' | 'running' | 'exited' }
  | { readonly kind: 'failed'; readonly reason: string; readonly exitCode?: number | undefined };

/** Judges a container from its inspect; undefined means it no longer exists. */
export type ContainerCondition = (info: ContainerInfo | undefined, name: string) => Verdict;

const PENDING: Verdict = { kind: 'pending' };

function hasExited(info: ContainerInfo): boolean {
  return info.state === 'exited' || info.state === 'dead';
}

function removed(name: string): Verdict {
  return { kind: 'failed', reason: `container ${name} was removed` };
}

function exited(info: ContainerInfo, name: string): Verdict {
  return { kind: 'failed', reason: `container ${name} exited (${info.exitCode})`, exitCode: info.exitCode };
}

function byHealth(info: ContainerInfo, name: string): Verdict {
  switch (info.health) {
    case 'healthy':
      return { kind: 'satisfied', status: 'healthy' };
    case 'unhealthy':
      return { kind: 'failed', reason: `container ${name} is unhealthy` };
    // 'none' while a healthcheck is configured: not started yet, no probe so far.
    case 'starting':
    case 'none':
      return PENDING;
    default: {
      const unreachable: never = info.health;
      return { kind: 'failed', reason: `container ${name} had unexpected health status ${String(unreachable)}` };
    }
  }
}

/** `service_healthy`: a healthcheck is required and must pass. */
export const healthy: ContainerCondition = (info, name) => {
  if (info === undefined) return removed(name);
  if (hasExited(info)) return exited(info, name);
  if (!info.spec.hasHealthcheck) return { kind: 'failed', reason: `container ${name} has no healthcheck configured` };
  return byHealth(info, name);
};

/** `service_completed_successfully`: the container ran and exited 0. */
export const completedSuccessfully: ContainerCondition = (info, name) => {
  if (info === undefined) return removed(name);
  if (!hasExited(info)) return PENDING;
  if (info.exitCode === 0) return { kind: 'satisfied', status: 'exited' };
  return { kind: 'failed', reason: `exit ${info.exitCode}`, exitCode: info.exitCode };
};

/**
 * `up --wait`: healthy when a healthcheck is configured, else running. A
 * container that exited 0 and is not restarted by the engine (restart policy
 * `no`) is a finished one-shot job, which counts as ready (docker/compose#10596).
 */
export const readyOrCompletedJob: ContainerCondition = (info, name) => {
  if (info === undefined) return removed(name);
  if (hasExited(info)) {
    if (info.exitCode === 0 && info.spec.restartPolicy.name === 'no') return { kind: 'satisfied', status: 'exited' };
    return exited(info, name);
  }
  if (info.spec.hasHealthcheck) return byHealth(info, name);
  return info.state === 'running' ? { kind: 'satisfied', status: 'running' } : PENDING;
};
