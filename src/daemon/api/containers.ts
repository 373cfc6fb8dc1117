/**
 * The container routes of the Docker Engine API that berthd serves.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import type { ContainerService, CreateBody } from '../containers/service.js';
import { type ContainerRecord, toInspect, toSummary } from '../containers/record.js';
import type { RuntimePort } from '../containers/ports.js';
import type { RequestContext, Router } from '../http/router.js';
import { ApiError, filters, flag, labelsMatch, readJson, sendEmpty, sendJson } from '../http/respond.js';
import { frame, MULTIPLEXED, RAW, startStream, upgradeSocket, writeAll } from '../http/streams.js';
import { archiveRoutes } from './archive.js';

const run = promisify(execFile);

export function containerRoutes(router: Router, containers: ContainerService, runtime: RuntimePort): void {
  const inspect = (record: ContainerRecord): Record<string, unknown> => toInspect(record, containers.imageReference(record), runtime.logPath(record.Directory));

  router.add('GET', '/containers/json', ({ query, response }) => {
    const wanted = filters(query);
    const all = flag(query, 'all');
    const now = new Date();
    const list = containers
      .list()
      .filter((record) => all || record.State.Running || wanted.has('status'))
      .filter((record) => labelsMatch(record.Config.Labels ?? {}, wanted.get('label')))
      .filter((record) => matchesAny(wanted.get('name'), (name) => record.Name.slice(1).includes(name.replace(/^\//, ''))))
      .filter((record) => matchesAny(wanted.get('id'), (id) => record.Id.startsWith(id)))
      .filter((record) => matchesAny(wanted.get('status'), (status) => record.State.Status === status))
      .map((record) => toSummary(record, containers.imageReference(record), now));
    sendJson(response, 200, list);
  });

  router.add('POST', '/containers/create', async ({ request, response, query }) => {
    const body = await readJson<CreateBody>(request);
    sendJson(response, 201, await containers.create(query.get('name'), body));
  });

  router.add('GET', '/containers/{id}/json', ({ params, response }) => sendJson(response, 200, inspect(containers.get(params['id'] ?? ''))));

  router.add('POST', '/containers/{id}/start', async ({ params, response }) => {
    const result = await containers.start(params['id'] ?? '');
    sendEmpty(response, result === 'already' ? 304 : 204);
  });

  router.add('POST', '/containers/{id}/stop', async ({ params, query, response }) => {
    const result = await containers.stop(params['id'] ?? '', { timeoutSeconds: seconds(query.get('t')), signal: query.get('signal') ?? undefined });
    sendEmpty(response, result === 'already' ? 304 : 204);
  });

  router.add('POST', '/containers/{id}/restart', async ({ params, query, response }) => {
    await containers.restart(params['id'] ?? '', seconds(query.get('t')));
    sendEmpty(response);
  });

  router.add('POST', '/containers/{id}/kill', async ({ params, query, response }) => {
    await containers.kill(params['id'] ?? '', query.get('signal') ?? 'SIGKILL');
    sendEmpty(response);
  });

  router.add('DELETE', '/containers/{id}', async ({ params, query, response }) => {
    await containers.remove(params['id'] ?? '', { force: flag(query, 'force'), volumes: flag(query, 'v') });
    sendEmpty(response);
  });

  router.add('POST', '/containers/{id}/rename', async ({ params, query, response }) => {
    const name = query.get('name');
    if (name === null || name === '') throw ApiError.of('invalid', 'rename needs the new name in the "name" parameter');
    await containers.rename(params['id'] ?? '', name);
    sendEmpty(response);
  });

  router.add('POST', '/containers/{id}/pause', async ({ params, response }) => {
    await containers.pause(params['id'] ?? '');
    sendEmpty(response);
  });

  router.add('POST', '/containers/{id}/unpause', async ({ params, response }) => {
    await containers.unpause(params['id'] ?? '');
    sendEmpty(response);
  });

  router.add('POST', '/containers/{id}/wait', async ({ params, query, response, signal }) => {
    const id = params['id'] ?? '';
    containers.get(id);
    // Docker answers the headers at once, so a client knows the wait is registered before the container is started.
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.flushHeaders();
    const status = await containers.wait(id, query.get('condition') ?? 'not-running', signal);
    response.end(JSON.stringify(status));
  });

  router.add('POST', '/containers/{id}/resize', ({ params, response }) => {
    containers.get(params['id'] ?? '');
    sendEmpty(response, 200);
  });

  router.add('GET', '/containers/{id}/logs', (context) => logs(context, containers, runtime));
  router.add('POST', '/containers/{id}/attach', (context) => attach(context, containers, runtime));

  router.add('GET', '/containers/{id}/top', async ({ params, query, response }) => {
    const record = containers.get(params['id'] ?? '');
    if (!record.State.Running) throw ApiError.of('conflict', `Container ${record.Id} is not running`);
    const pids = await runtime.pids(record.Id);
    const psArgs = query.get('ps_args') ?? '-f';
    if (!/^[a-zA-Z -]*$/.test(psArgs)) throw ApiError.of('invalid', `ps_args "${psArgs}" is not allowed: use ps option letters only`);
    const { stdout } = await run('ps', [...psArgs.split(/\s+/).filter(Boolean), '-p', pids.join(',')], { timeout: 10_000 });
    const [header = '', ...rows] = stdout.split('\n').filter((line) => line.trim() !== '');
    const titles = header.trim().split(/\s+/);
    const processes = rows.map((row) => {
      const fields = row.trim().split(/\s+/);
      return [...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')];
    });
    sendJson(response, 200, { Titles: titles, Processes: processes });
  });

  router.add('GET', '/containers/{id}/stats', async ({ params, query, response, signal }) => {
    const record = containers.get(params['id'] ?? '');
    const sample = async (previous?: Record<string, unknown>): Promise<Record<string, unknown>> => {
      const stats = record.State.Running ? await runtime.stats(record.Id) : { memoryUsage: 0, memoryLimit: 0, cpuUsageNanos: 0, pids: 0 };
      return {
        read: new Date().toISOString(),
        id: record.Id,
        name: record.Name,
        pids_stats: { current: stats.pids },
        memory_stats: { usage: stats.memoryUsage, limit: stats.memoryLimit, stats: {} },
        cpu_stats: { cpu_usage: { total_usage: stats.cpuUsageNanos }, system_cpu_usage: await systemCpuNanos(), online_cpus: availableParallelism() },
        precpu_stats: previous?.['cpu_stats'] ?? { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 },
      };
    };
    const streaming = query.get('stream') === null || flag(query, 'stream');
    if (!streaming) {
      sendJson(response, 200, await sample());
      return;
    }
    startStream(response, 'application/json');
    let previous: Record<string, unknown> | undefined;
    // One sample a second until the client goes away, as docker stats reads them.
    while (!signal.aborted && !response.destroyed) {
      previous = await sample(previous);
      await writeAll(response, `${JSON.stringify(previous)}\n`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    response.end();
  });

  archiveRoutes(router, containers);
}

function matchesAny(values: string[] | undefined, test: (value: string) => boolean): boolean {
  return values === undefined || values.length === 0 || values.some(test);
}

function seconds(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw ApiError.of('invalid', `invalid timeout "${value}": give whole seconds`);
  return number < 0 ? 0 : number;
}

async function systemCpuNanos(): Promise<number> {
  const stat = await readFile('/proc/stat', 'utf8');
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // /proc/stat counts in USER_HZ (100 per second on Linux).
  return fields.reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0) * 10_000_000;
}

/** Docker's `since`/`until`: Unix seconds, possibly fractional (kept as text: nanoseconds do not fit a double); 0 means unset. */
function unixSeconds(value: string | null, name: string): string | number | undefined {
  if (value === null || value === '' || value === '0') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return value;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw ApiError.of('invalid', `invalid ${name} "${value}": give Unix seconds or an RFC 3339 time`);
  return parsed / 1000;
}

function dockerTime(time: string): string {
  return time.replace(/\+00:00$/, 'Z');
}

async function logs(context: RequestContext, containers: ContainerService, runtime: RuntimePort): Promise<void> {
  const { params, query, response, signal } = context;
  const record = containers.get(params['id'] ?? '');
  const stdout = flag(query, 'stdout');
  const stderr = flag(query, 'stderr');
  if (!stdout && !stderr) throw ApiError.of('invalid', 'you must choose at least one stream: stdout=1 and/or stderr=1');
  const tailText = query.get('tail');
  const tail = tailText === null || tailText === '' || tailText === 'all' ? undefined : Number(tailText);
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw ApiError.of('invalid', `invalid tail "${tailText}": give a number of lines or "all"`);
  const follow = flag(query, 'follow');
  const timestamps = flag(query, 'timestamps');
  const tty = record.Config.Tty === true;
  startStream(response, tty ? RAW : MULTIPLEXED);
  const lines = runtime.readLogs(record.Directory, {
    since: unixSeconds(query.get('since'), 'since'),
    until: unixSeconds(query.get('until'), 'until'),
    tail,
    follow,
    signal,
    stopped: follow ? containers.stopped(record.Id, signal) : undefined,
  });
  try {
    for await (const entry of lines) {
      if ((entry.stream === 'stdout' && !stdout) || (entry.stream === 'stderr' && !stderr)) continue;
      const payload = timestamps ? Buffer.concat([Buffer.from(`${dockerTime(entry.time)} `), entry.line]) : entry.line;
      await writeAll(response, tty ? payload : frame(entry.stream, payload));
      if (signal.aborted) break;
    }
  } finally {
    response.end();
  }
}

/**
 * Attach: the container's output from now on (from the start for a container
 * not yet started, so an attach-then-start client misses nothing), read from
 * its log. Input (`stdin=1` on a hijacked connection, for a container made
 * with OpenStdin) goes through conmon's attach socket; the client closing its
 * side is EOF for a StdinOnce container.
 */
async function attach(context: RequestContext, containers: ContainerService, runtime: RuntimePort): Promise<void> {
  const { params, query, response, upgrade, signal } = context;
  const record = containers.get(params['id'] ?? '');
  const tty = record.Config.Tty === true;
  // As Docker: input is taken only from a hijacking client, and only for a container whose stdin is open.
  const stdinController = new AbortController();
  const stopFeeding = (): void => stdinController.abort();
  signal.addEventListener('abort', stopFeeding, { once: true });
  const feed =
    flag(query, 'stdin') && upgrade !== undefined && record.Config.OpenStdin === true
      ? await runtime.attachStdin(record.Id, record.Directory, { when: record.State.Running ? 'now' : 'next-start', signal: stdinController.signal }).catch((error: unknown) => {
          stopFeeding();
          throw error;
        })
      : undefined;
  const out = upgrade === undefined ? startStream(response, tty ? RAW : MULTIPLEXED) : upgradeSocket(upgrade.socket, upgrade.head, tty ? RAW : MULTIPLEXED);
  if (feed !== undefined && upgrade !== undefined) void feed.pipe(upgrade.socket);
  const fromStart = record.State.Status === 'created' || flag(query, 'logs');
  const since = fromStart ? undefined : Date.now() / 1000;
  const lines = runtime.readLogs(record.Directory, {
    since,
    follow: flag(query, 'stream') || !flag(query, 'logs'),
    signal,
    stopped: waitForRunThenExit(containers, record, signal),
  });
  const stdout = flag(query, 'stdout');
  const stderr = flag(query, 'stderr');
  try {
    for await (const entry of lines) {
      if ((entry.stream === 'stdout' && !stdout) || (entry.stream === 'stderr' && !stderr)) continue;
      await writeAll(out, tty ? entry.line : frame(entry.stream, entry.line));
      if (signal.aborted) break;
    }
  } finally {
    signal.removeEventListener('abort', stopFeeding);
    stopFeeding();
    out.end();
  }
}

/** For a container attached before it (re)starts — created or exited (`docker start -a`) — its next run must begin and end. */
async function waitForRunThenExit(containers: ContainerService, record: ContainerRecord, signal: AbortSignal): Promise<unknown> {
  if (!record.State.Running) {
    await containers.wait(record.Id, 'next-exit', signal).catch(() => undefined);
    return undefined;
  }
  return containers.stopped(record.Id, signal);
}
