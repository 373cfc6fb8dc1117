/**
 * Health checks, run inside the container. Unlike Docker, the first probe
 * runs at once (a service that is ready in 50 ms is healthy in 50 ms, not
 * after a whole interval); during the start period probes follow
 * `StartInterval` and failures do not count; afterwards `Interval`, and
 * `Retries` failures in a row make the container unhealthy.
 */
import type { DockerHealthcheck, HealthLogEntry } from './record.js';
import type { RuntimePort } from './ports.js';

const SECOND = 1_000_000_000;
const DEFAULT_INTERVAL = 30 * SECOND;
const DEFAULT_TIMEOUT = 30 * SECOND;
const DEFAULT_START_INTERVAL = 5 * SECOND;
const DEFAULT_RETRIES = 3;

export interface HealthResult {
  readonly status: 'starting' | 'healthy' | 'unhealthy';
  readonly entry: HealthLogEntry;
  readonly failingStreak: number;
}

interface Watch {
  timer?: NodeJS.Timeout;
  readonly controller: AbortController;
}

export class HealthMonitor {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly runtime: Pick<RuntimePort, 'execCapture'>,
    private readonly sink: { onResult(id: string, result: HealthResult): void },
  ) {}

  watch(id: string, healthcheck: DockerHealthcheck, user: string | undefined): void {
    this.unwatch(id);
    const args = probeArgs(healthcheck.Test ?? []);
    if (args === undefined) return;
    const watch: Watch = { controller: new AbortController() };
    this.watches.set(id, watch);
    const startedAt = Date.now();
    const startPeriodMs = nanosToMs(healthcheck.StartPeriod ?? 0);
    const intervalMs = nanosToMs(healthcheck.Interval || DEFAULT_INTERVAL);
    const startIntervalMs = nanosToMs(healthcheck.StartInterval || DEFAULT_START_INTERVAL);
    const timeoutMs = nanosToMs(healthcheck.Timeout || DEFAULT_TIMEOUT);
    const retries = healthcheck.Retries || DEFAULT_RETRIES;
    let streak = 0;
    let healthy = false;
    const probe = async (): Promise<void> => {
      if (watch.controller.signal.aborted) return;
      const entry = await this.probeOnce(id, args, user, timeoutMs);
      if (watch.controller.signal.aborted) return;
      const inStartPeriod = Date.now() - startedAt < startPeriodMs;
      let status: HealthResult['status'];
      if (entry.ExitCode === 0) {
        streak = 0;
        healthy = true;
        status = 'healthy';
      } else if (inStartPeriod && !healthy) {
        status = 'starting';
      } else {
        streak++;
        status = streak >= retries ? 'unhealthy' : healthy ? 'healthy' : 'starting';
      }
      this.sink.onResult(id, { status, entry, failingStreak: streak });
      const next = inStartPeriod && !healthy ? startIntervalMs : intervalMs;
      watch.timer = setTimeout(() => void probe(), next);
    };
    void probe();
  }

  unwatch(id: string): void {
    const watch = this.watches.get(id);
    if (watch === undefined) return;
    watch.controller.abort();
    if (watch.timer !== undefined) clearTimeout(watch.timer);
    this.watches.delete(id);
  }

  close(): void {
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }

  private async probeOnce(id: string, args: string[], user: string | undefined, timeoutMs: number): Promise<HealthLogEntry> {
    const start = new Date();
    try {
      const result = await this.runtime.execCapture(id, { args, user: user === '' ? undefined : user }, timeoutMs);
      const output = result.timedOut ? `${result.output}Health check exceeded timeout (${timeoutMs / 1000}s)` : result.output;
      return { Start: start.toISOString(), End: new Date().toISOString(), ExitCode: result.timedOut ? -1 : result.exitCode, Output: output };
    } catch (error) {
      return { Start: start.toISOString(), End: new Date().toISOString(), ExitCode: -1, Output: `cannot run the health check: ${(error as Error).message}` };
    }
  }
}

function nanosToMs(nanos: number): number {
  return Math.max(1, Math.round(nanos / 1_000_000));
}

export function probeArgs(test: readonly string[]): string[] | undefined {
  const [kind, ...rest] = test;
  switch (kind) {
    case 'CMD':
      return rest.length > 0 ? rest : undefined;
    case 'CMD-SHELL':
      return ['/bin/sh', '-c', rest.join(' ')];
    case 'NONE':
    case undefined:
      return undefined;
    default:
      // Docker treats a bare command list as CMD-SHELL of the first word.
      return ['/bin/sh', '-c', test.join(' ')];
  }
}
