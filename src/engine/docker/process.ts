/**
 * A container's or an exec's stdio. Without stdin the output is a plain
 * streamed HTTP answer; with stdin the connection is upgraded to a raw
 * duplex socket. Without a TTY Docker multiplexes stdout and stderr into
 * frames; with one, everything arrives as stdout.
 */
import type { Duplex } from 'node:stream';
import type { ExecHandle, ExecSpec, ProcessStreams } from '../engine.js';
import { EngineError } from '../errors.js';
import type { DockerClient } from './client.js';
import { toEngineError } from './errors.js';
import { eagerOutput } from './streams.js';

function processStreams(
  client: DockerClient,
  operation: string,
  connection: NodeJS.ReadableStream & { destroy(): void },
  tty: boolean,
  stdin: boolean,
  resizePath: string,
  signal: AbortSignal | undefined,
): { streams: ProcessStreams; ended: Promise<void> } {
  const { output, ended } = eagerOutput(connection, tty, (error) => toEngineError(error, operation, client.host));
  const close = (): void => connection.destroy();
  if (signal !== undefined) {
    if (signal.aborted) close();
    else {
      signal.addEventListener('abort', close, { once: true });
      void ended.then(() => signal.removeEventListener('abort', close));
    }
  }
  const streams: ProcessStreams = {
    output,
    ...(stdin ? { stdin: connection as unknown as Duplex } : {}),
    ...(tty
      ? {
          async resize(columns: number, rows: number) {
            await client.json(`resizing the terminal of ${operation}`, { method: 'POST', path: resizePath, query: { h: rows, w: columns } });
          },
        }
      : {}),
    close,
  };
  return { streams, ended };
}

async function openStdio(
  client: DockerClient,
  operation: string,
  request: { path: string; query?: Record<string, string | number | boolean>; body?: unknown },
  stdin: boolean,
  signal: AbortSignal | undefined,
): Promise<NodeJS.ReadableStream & { destroy(): void }> {
  const base = { method: 'POST' as const, ...request, signal };
  return stdin ? client.hijack(operation, base) : client.stream(operation, base);
}

export async function dockerAttach(client: DockerClient, id: string, options: { stdin?: boolean; signal?: AbortSignal }): Promise<ProcessStreams> {
  const operation = `attaching to container ${id}`;
  const container = await client.json<{ Config?: { Tty?: boolean } }>(operation, { method: 'GET', path: `/containers/${encodeURIComponent(id)}/json` });
  const tty = container.Config?.Tty ?? false;
  const stdin = options.stdin ?? false;
  const connection = await openStdio(
    client,
    operation,
    { path: `/containers/${encodeURIComponent(id)}/attach`, query: { stream: true, stdin, stdout: true, stderr: true } },
    stdin,
    options.signal,
  );
  return processStreams(client, operation, connection, tty, stdin, `/containers/${encodeURIComponent(id)}/resize`, options.signal).streams;
}

export async function dockerExec(client: DockerClient, id: string, spec: ExecSpec, signal?: AbortSignal): Promise<ExecHandle> {
  const operation = `running ${JSON.stringify(spec.command.join(' '))} in container ${id}`;
  const tty = spec.tty ?? false;
  const stdin = spec.stdin ?? false;
  const body: Record<string, unknown> = {
    Cmd: [...spec.command],
    Tty: tty,
    AttachStdin: stdin,
    AttachStdout: true,
    AttachStderr: true,
    Privileged: spec.privileged ?? false,
  };
  if (spec.env !== undefined) body['Env'] = [...spec.env];
  if (spec.user !== undefined) body['User'] = spec.user;
  if (spec.workingDir !== undefined) body['WorkingDir'] = spec.workingDir;
  const created = await client.json<{ Id: string }>(operation, {
    method: 'POST',
    path: `/containers/${encodeURIComponent(id)}/exec`,
    body,
    signal,
  });
  const execPath = `/exec/${encodeURIComponent(created.Id)}`;
  const connection = await openStdio(client, operation, { path: `${execPath}/start`, body: { Detach: false, Tty: tty } }, stdin, signal);
  const { streams, ended } = processStreams(client, operation, connection, tty, stdin, `${execPath}/resize`, signal);

  const exitCode = ended.then(async () => {
    // The stream can close a moment before the daemon records the exit.
    for (let attempt = 0, delayMs = 5; ; attempt++, delayMs = Math.min(delayMs * 2, 200)) {
      const state = await client.json<{ Running?: boolean; ExitCode?: number | null }>(operation, { method: 'GET', path: `${execPath}/json` });
      if (state.Running !== true && state.ExitCode !== null && state.ExitCode !== undefined) return state.ExitCode;
      if (signal?.aborted) throw signal.reason;
      if (attempt > 200) throw new EngineError('unavailable', `${operation}: the Docker Engine never reported the command's exit`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  });
  // Callers that only read the output must not see an unhandled rejection.
  exitCode.catch(() => undefined);
  return { streams, exitCode };
}
