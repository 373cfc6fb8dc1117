/**
 * Containers on a Docker Engine: listing, lifecycle calls, waiting,
 * processes, resource use and file copies. Output streams (logs, attach,
 * exec) live in `logs.ts` and `process.ts`.
 */
import type { ContainerApi, ContainerSpec } from '../engine.js';
import { EngineError } from '../errors.js';
import { apiAtLeast, type DockerClient } from './client.js';
import { type DockerContainerInspect, type DockerContainerSummary, fromContainerInspect, fromContainerSummary, labelFilters } from './from-docker.js';
import { dockerLogs } from './logs.js';
import { dockerAttach, dockerExec } from './process.js';
import { toCreateRequest } from './to-docker.js';

/** What `GET /containers/{id}/stats?stream=false` says, as far as berth reads it. */
export interface DockerStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  pids_stats?: { current?: number };
}

/** CPU share since the previous sample, and memory without the page cache (as `docker stats` shows them). */
export function summarizeStats(stats: DockerStats): { cpuPercent: number; memoryBytes: number; memoryLimitBytes: number; pids: number } {
  const cpuDelta = (stats.cpu_stats?.cpu_usage?.total_usage ?? 0) - (stats.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (stats.cpu_stats?.system_cpu_usage ?? 0) - (stats.precpu_stats?.system_cpu_usage ?? 0);
  const cpus = stats.cpu_stats?.online_cpus ?? stats.cpu_stats?.cpu_usage?.percpu_usage?.length ?? 1;
  const cpuPercent = cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
  const memory = stats.memory_stats ?? {};
  // cgroup v2 names it inactive_file, v1 total_inactive_file.
  const cache = memory.stats?.['inactive_file'] ?? memory.stats?.['total_inactive_file'] ?? 0;
  const usage = memory.usage ?? 0;
  return {
    cpuPercent,
    memoryBytes: usage > cache ? usage - cache : usage,
    memoryLimitBytes: memory.limit ?? 0,
    pids: stats.pids_stats?.current ?? 0,
  };
}

function path(id: string, action = ''): string {
  return `/containers/${encodeURIComponent(id)}${action === '' ? '' : `/${action}`}`;
}

export function dockerContainers(client: DockerClient): ContainerApi {
  async function inspectRaw(nameOrId: string): Promise<DockerContainerInspect | undefined> {
    return client.jsonOrUndefined<DockerContainerInspect>(`inspecting container ${nameOrId}`, { method: 'GET', path: path(nameOrId, 'json') });
  }

  async function wait(id: string, options: { condition?: 'not-running' | 'next-exit' | 'removed'; signal?: AbortSignal } = {}): Promise<number> {
    const answer = await client.json<{ StatusCode?: number; Error?: { Message?: string } | null }>(`waiting for container ${id}`, {
      method: 'POST',
      path: path(id, 'wait'),
      query: { condition: options.condition ?? 'not-running' },
      signal: options.signal,
    });
    return answer.StatusCode ?? 0;
  }

  async function kill(id: string, signal?: string): Promise<void> {
    await client.json(`killing container ${id}`, { method: 'POST', path: path(id, 'kill'), query: { signal } });
  }

  async function remove(id: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await client.json(`removing container ${id}`, {
      method: 'DELETE',
      path: path(id),
      query: { force: options.force ?? false, v: options.volumes ?? false },
    });
  }

  /**
   * Engines before API 1.42 ignore a stop signal given with the call, so
   * berth does what the daemon would: that signal, the grace period, SIGKILL.
   */
  async function stopWithSignal(id: string, signal: string, timeoutSeconds: number | undefined): Promise<void> {
    const container = await inspectRaw(id);
    if (container === undefined) throw new EngineError('not_found', `stopping container ${id}: no such container`);
    if (container.State?.Running !== true) return;
    const graceSeconds = timeoutSeconds ?? container.Config?.StopTimeout ?? 10;
    const exited = wait(id, { condition: 'not-running' });
    try {
      await kill(id, signal);
    } catch (error) {
      // It may have stopped on its own meanwhile.
      if (!(error instanceof EngineError && error.kind === 'conflict')) throw error;
    }
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, graceSeconds) * 1000)));
    const outcome = await Promise.race([exited.then(() => 'exited' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await kill(id, 'SIGKILL').catch((error: unknown) => {
        if (!(error instanceof EngineError && error.kind === 'conflict')) throw error;
      });
      await exited;
    }
  }

  return {
    async list(filter = {}) {
      const containers = await client.json<DockerContainerSummary[]>('listing containers', {
        method: 'GET',
        path: '/containers/json',
        query: { all: filter.all ?? false, filters: labelFilters(filter.labels) },
      });
      return containers.map(fromContainerSummary);
    },

    async inspect(nameOrId) {
      const container = await inspectRaw(nameOrId);
      return container === undefined ? undefined : fromContainerInspect(container);
    },

    async create(spec: ContainerSpec) {
      const apiVersion = await client.apiVersion();
      const request = toCreateRequest(spec, apiVersion);
      const created = await client.json<{ Id: string }>(`creating container ${spec.name} from image ${spec.image}`, {
        method: 'POST',
        path: '/containers/create',
        query: { name: request.name },
        body: request.body,
      });
      try {
        for (const extra of request.extraNetworks) {
          await client.json(`connecting container ${spec.name} to network ${extra.network}`, {
            method: 'POST',
            path: `/networks/${encodeURIComponent(extra.network)}/connect`,
            body: { Container: created.Id, EndpointConfig: extra.endpoint },
          });
        }
      } catch (error) {
        // A half-connected container would pass for a finished one; take it away again.
        await remove(created.Id, { force: true }).catch(() => undefined);
        throw error;
      }
      return created.Id;
    },

    async start(id) {
      await client.json(`starting container ${id}`, { method: 'POST', path: path(id, 'start') });
    },

    async stop(id, options = {}) {
      if (options.signal !== undefined && !apiAtLeast(await client.apiVersion(), '1.42')) {
        await stopWithSignal(id, options.signal, options.timeoutSeconds);
        return;
      }
      await client.json(`stopping container ${id}`, {
        method: 'POST',
        path: path(id, 'stop'),
        query: { t: options.timeoutSeconds, signal: options.signal },
      });
    },

    kill,

    async restart(id, options = {}) {
      await client.json(`restarting container ${id}`, { method: 'POST', path: path(id, 'restart'), query: { t: options.timeoutSeconds } });
    },

    remove,

    async rename(id, name) {
      await client.json(`renaming container ${id} to ${name}`, { method: 'POST', path: path(id, 'rename'), query: { name } });
    },

    async pause(id) {
      await client.json(`pausing container ${id}`, { method: 'POST', path: path(id, 'pause') });
    },

    async unpause(id) {
      await client.json(`unpausing container ${id}`, { method: 'POST', path: path(id, 'unpause') });
    },

    wait,

    logs(id, options = {}) {
      return dockerLogs(client, id, options);
    },

    attach(id, options = {}) {
      return dockerAttach(client, id, options);
    },

    exec(id, spec, signal) {
      return dockerExec(client, id, spec, signal);
    },

    async top(id) {
      const answer = await client.json<{ Titles?: string[] | null; Processes?: string[][] | null }>(`listing the processes of container ${id}`, {
        method: 'GET',
        path: path(id, 'top'),
      });
      return { titles: answer.Titles ?? [], processes: answer.Processes ?? [] };
    },

    async stats(id) {
      const stats = await client.json<DockerStats>(`reading the resource use of container ${id}`, {
        method: 'GET',
        path: path(id, 'stats'),
        query: { stream: false },
      });
      return summarizeStats(stats);
    },

    async copyTo(id, targetPath, archive, options = {}) {
      await client.json(`copying into container ${id} at ${targetPath}`, {
        method: 'PUT',
        path: path(id, 'archive'),
        query: { path: targetPath, copyUIDGID: options.copyUidGid === true ? true : undefined },
        file: archive,
        contentType: 'application/x-tar',
      });
    },

    async copyFrom(id, sourcePath) {
      return client.stream(`copying ${sourcePath} out of container ${id}`, {
        method: 'GET',
        path: path(id, 'archive'),
        query: { path: sourcePath },
      });
    },
  };
}
