/**
 * Exec: `POST /containers/{id}/exec` makes an exec instance (kept in memory,
 * as Docker does), `POST /exec/{id}/start` runs it and streams its output —
 * over a hijacked connection when the client sends input — and
 * `GET /exec/{id}/json` reports its exit code.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { ContainerService } from '../containers/service.js';
import type { RuntimePort } from '../containers/ports.js';
import type { EventBus } from '../events/bus.js';
import type { Router } from '../http/router.js';
import { ApiError, readJson, sendEmpty, sendJson } from '../http/respond.js';
import { frame, MULTIPLEXED, RAW, startStream, upgradeSocket, writeAll } from '../http/streams.js';

interface ExecBody {
  Cmd?: string[];
  Env?: string[] | null;
  User?: string;
  WorkingDir?: string;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Privileged?: boolean;
}

interface ExecInstance {
  readonly ID: string;
  readonly ContainerID: string;
  readonly body: ExecBody;
  Running: boolean;
  ExitCode: number | null;
  Pid: number;
  child?: ChildProcess;
}

const KEEP_FINISHED_MS = 5 * 60_000;

export function execRoutes(router: Router, containers: ContainerService, runtime: RuntimePort, events: EventBus): void {
  const instances = new Map<string, ExecInstance>();
  const get = (id: string): ExecInstance => {
    const instance = instances.get(id);
    if (instance === undefined) throw ApiError.of('not_found', `No such exec instance: ${id}`);
    return instance;
  };

  router.add('POST', '/containers/{id}/exec', async ({ params, request, response }) => {
    const record = containers.get(params['id'] ?? '');
    const body = await readJson<ExecBody>(request);
    if (!Array.isArray(body.Cmd) || body.Cmd.length === 0) throw ApiError.of('invalid', 'No exec command specified');
    if (!record.State.Running) throw ApiError.of('conflict', `Container ${record.Id} is not running`);
    if (record.State.Paused) throw ApiError.of('conflict', `Container ${record.Id} is paused, unpause the container before exec`);
    const id = randomBytes(32).toString('hex');
    instances.set(id, { ID: id, ContainerID: record.Id, body, Running: false, ExitCode: null, Pid: 0 });
    sendJson(response, 201, { Id: id });
  });

  router.add('POST', '/exec/{id}/start', async ({ params, request, response, upgrade }) => {
    const instance = get(params['id'] ?? '');
    const options = await readJson<{ Detach?: boolean; Tty?: boolean }>(request);
    if (instance.Running || instance.ExitCode !== null) throw ApiError.of('conflict', `exec ${instance.ID} has already run`);
    const record = containers.get(instance.ContainerID);
    if (!record.State.Running) throw ApiError.of('conflict', `Container ${record.Id} is not running`);
    const tty = options.Tty ?? instance.body.Tty ?? false;
    const stdin = instance.body.AttachStdin === true && options.Detach !== true;
    const started = await runtime.exec(record.Id, {
      args: instance.body.Cmd ?? [],
      env: instance.body.Env ?? undefined,
      user: instance.body.User === '' ? undefined : instance.body.User,
      cwd: instance.body.WorkingDir === '' ? undefined : instance.body.WorkingDir,
      tty,
      stdin,
      privileged: instance.body.Privileged,
    });
    const child = started.child;
    instance.child = child;
    instance.Running = true;
    instance.Pid = child.pid ?? 0;
    events.emit('container', `exec_start: ${(instance.body.Cmd ?? []).join(' ')}`, record.Id, { ...(record.Config.Labels ?? {}), name: record.Name.slice(1), execID: instance.ID });
    const exited = started.exited.catch(() => 126);
    void exited.then((code) => {
      instance.Running = false;
      instance.ExitCode = code;
      delete instance.child;
      events.emit('container', 'exec_die', record.Id, { ...(record.Config.Labels ?? {}), name: record.Name.slice(1), execID: instance.ID, exitCode: String(code) });
      setTimeout(() => instances.delete(instance.ID), KEEP_FINISHED_MS).unref();
    });
    if (options.Detach === true) {
      child.stdout?.resume();
      child.stderr?.resume();
      sendEmpty(response, 200);
      return;
    }
    const out: Duplex | NodeJS.WritableStream = upgrade === undefined ? startStream(response, tty ? RAW : MULTIPLEXED) : upgradeSocket(upgrade.socket, upgrade.head, tty ? RAW : MULTIPLEXED);
    if (stdin && upgrade !== undefined && child.stdin !== null) {
      upgrade.socket.pipe(child.stdin);
      child.stdin.on('error', () => undefined);
    }
    const forward = async (source: NodeJS.ReadableStream | null, stream: 'stdout' | 'stderr'): Promise<void> => {
      if (source === null) return;
      for await (const chunk of source) await writeAll(out, tty ? (chunk as Buffer) : frame(stream, chunk as Buffer));
    };
    await Promise.all([forward(child.stdout, 'stdout'), forward(child.stderr, 'stderr'), exited]);
    out.end();
  });

  router.add('GET', '/exec/{id}/json', ({ params, response }) => {
    const instance = get(params['id'] ?? '');
    sendJson(response, 200, {
      ID: instance.ID,
      ContainerID: instance.ContainerID,
      Running: instance.Running,
      ExitCode: instance.ExitCode,
      Pid: instance.Pid,
      OpenStdin: instance.body.AttachStdin === true,
      OpenStdout: instance.body.AttachStdout !== false,
      OpenStderr: instance.body.AttachStderr !== false,
      ProcessConfig: { tty: instance.body.Tty === true, entrypoint: instance.body.Cmd?.[0] ?? '', arguments: instance.body.Cmd?.slice(1) ?? [], privileged: instance.body.Privileged === true, user: instance.body.User ?? '' },
    });
  });

  router.add('POST', '/exec/{id}/resize', ({ params, response }) => {
    get(params['id'] ?? '');
    sendEmpty(response, 200);
  });
}
