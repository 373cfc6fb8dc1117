/**
 * How a container runs: restart policy, healthcheck, stop timeout, and
 * resource limits, with `deploy.*` taking precedence over the service-level
 * attributes the way Compose applies them.
 */
import { BerthError } from '../errors.js';
import type { HealthcheckSpec, RestartPolicy } from '../engine/index.js';
import { parseDuration } from '../model/canonical/duration.js';
import type { DurationText, ServiceConfig } from '../model/index.js';
import type { Locate } from '../model/tree.js';
import { compareText } from './labels.js';

/** `deploy.restart_policy` wins over `restart` when both are set (Compose's getRestartPolicy). */
export function restartPolicy(service: ServiceConfig): RestartPolicy {
  const deployPolicy = service.deploy?.restart_policy;
  if (deployPolicy !== undefined) {
    const attempts = deployPolicy.max_attempts ?? 0;
    switch (deployPolicy.condition) {
      case 'any':
        return { name: 'always' };
      case 'on-failure':
        return { name: 'on-failure', maximumRetryCount: attempts };
      case 'none':
      // Compose sends an empty policy name when the condition is left out, which the engine reads as `no`.
      case undefined:
        return { name: 'no' };
      default:
        return assertNever(deployPolicy.condition);
    }
  }
  const restart = service.restart;
  if (restart === undefined || restart === 'no') return { name: 'no' };
  if (restart === 'always') return { name: 'always' };
  if (restart === 'unless-stopped') return { name: 'unless-stopped' };
  const [, count] = restart.split(':');
  return { name: 'on-failure', maximumRetryCount: count === undefined ? 0 : Number(count) };
}

/** undefined: the image's own healthcheck, unchanged. */
export function healthcheck(service: ServiceConfig, serviceName: string, locate: Locate): HealthcheckSpec | undefined {
  const check = service.healthcheck;
  if (check === undefined) return undefined;
  if (check.start_interval !== undefined && check.start_period === undefined) {
    throw new BerthError('invalid_project', `services.${serviceName}.healthcheck.start_interval requires start_period (the engine ignores it otherwise); add start_period`, {
      location: locate(['services', serviceName, 'healthcheck', 'start_interval']),
    });
  }
  const spec: { -readonly [K in keyof HealthcheckSpec]: HealthcheckSpec[K] } = {
    // An empty test keeps the image's probe and overrides only the timings.
    test: check.disable === true ? ['NONE'] : [...(check.test ?? [])],
  };
  if (check.interval !== undefined) spec.intervalNs = nanoseconds(check.interval);
  if (check.timeout !== undefined) spec.timeoutNs = nanoseconds(check.timeout);
  if (check.start_period !== undefined) spec.startPeriodNs = nanoseconds(check.start_period);
  if (check.start_interval !== undefined) spec.startIntervalNs = nanoseconds(check.start_interval);
  if (check.retries !== undefined) spec.retries = check.retries;
  return spec;
}

/** Whole seconds, truncated, as Compose converts `stop_grace_period`. */
export function stopTimeoutSeconds(service: ServiceConfig): number | undefined {
  if (service.stop_grace_period === undefined) return undefined;
  return Math.trunc(nanoseconds(service.stop_grace_period) / 1e9);
}

export interface Resources {
  memoryBytes?: number;
  memoryReservationBytes?: number;
  memorySwapBytes?: number;
  nanoCpus?: number;
  cpuShares?: number;
  cpusetCpus?: string;
  pidsLimit?: number;
  shmSizeBytes?: number;
  ulimits?: { name: string; soft: number; hard: number }[];
}

/** Limits from the service, then `deploy.resources` over them (Compose's setLimits/setReservations). */
export function resources(service: ServiceConfig): Resources {
  const result: Resources = {};
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const memory = nonZero(limits?.memory) ?? nonZero(service.mem_limit);
  if (memory !== undefined) result.memoryBytes = memory;
  const reservation = nonZero(reservations?.memory) ?? nonZero(service.mem_reservation);
  if (reservation !== undefined) result.memoryReservationBytes = reservation;
  const swap = nonZero(service.memswap_limit);
  if (swap !== undefined) result.memorySwapBytes = swap;
  const cpus = limits?.cpus !== undefined && limits.cpus !== 0 ? limits.cpus : service.cpus;
  if (cpus !== undefined && cpus !== 0) result.nanoCpus = Math.round(cpus * 1e9);
  if (service.cpu_shares !== undefined) result.cpuShares = service.cpu_shares;
  if (service.cpuset !== undefined) result.cpusetCpus = service.cpuset;
  const pids = limits?.pids !== undefined && limits.pids > 0 ? limits.pids : service.pids_limit;
  if (pids !== undefined && pids !== 0) result.pidsLimit = pids;
  const shm = nonZero(service.shm_size);
  if (shm !== undefined) result.shmSizeBytes = shm;
  if (service.ulimits !== undefined) {
    result.ulimits = Object.keys(service.ulimits)
      .sort(compareText)
      .map((name) => {
        const limit = service.ulimits?.[name];
        return typeof limit === 'number' ? { name, soft: limit, hard: limit } : { name, soft: limit?.soft ?? 0, hard: limit?.hard ?? 0 };
      });
  }
  return result;
}

function nonZero(bytes: string | undefined): number | undefined {
  if (bytes === undefined) return undefined;
  const value = Number(bytes);
  return value === 0 ? undefined : value;
}

function nanoseconds(duration: DurationText): number {
  const result = parseDuration(duration);
  // The loader wrote this text from a valid duration.
  return result.ok ? Number(result.value) : 0;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
