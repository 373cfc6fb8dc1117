/**
 * One narrow door to the Docker Engine API: every adapter module sends its
 * requests through here, so status handling, error mapping and abort
 * behave the same everywhere. Built on dockerode's modem (its HTTP,
 * unix-socket and hijack plumbing); the API shapes are berth's own.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Dockerode from 'dockerode';
import type { RegistryAuth } from '../engine.js';
import { isEngineError } from '../errors.js';
import { type DockerConnection, formatDockerHost } from './connection.js';
import { toEngineError } from './errors.js';

type QueryValue = string | number | boolean | undefined | readonly string[] | Readonly<Record<string, unknown>>;

export interface DockerRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Without the query string. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON (POST only). */
  readonly body?: unknown;
  /** Sent as the raw body (a tar archive), instead of `body`. */
  readonly file?: NodeJS.ReadableStream;
  readonly contentType?: string;
  /** Adds the X-Registry-Auth header (empty credentials when `{}`). */
  readonly auth?: RegistryAuth;
  readonly signal?: AbortSignal | undefined;
}

/** Statuses that mean success; 304 is "already in that state" for start/stop/pause. */
const SUCCESS = { 200: true, 201: true, 204: true, 304: true } as const;

export class DockerClient {
  readonly host: string;
  private readonly modem: Dockerode['modem'];
  private version: Promise<string> | undefined;

  constructor(connection: DockerConnection) {
    this.host = formatDockerHost(connection);
    // Every option is given, so the modem's own reading of DOCKER_HOST cannot override it.
    const docker =
      connection.kind === 'unix'
        ? new Dockerode({ socketPath: connection.socketPath, host: undefined, port: undefined, protocol: 'http' })
        : new Dockerode({ socketPath: undefined, host: connection.host, port: connection.port, protocol: connection.protocol });
    this.modem = docker.modem;
  }

  /** A request whose answer is JSON (or empty); resolves the parsed body. */
  async json<T>(operation: string, request: DockerRequest): Promise<T> {
    return (await this.dial(operation, request, {})) as T;
  }

  /** Like `json`, but a 404 resolves undefined. */
  async jsonOrUndefined<T>(operation: string, request: DockerRequest): Promise<T | undefined> {
    try {
      return await this.json<T>(operation, request);
    } catch (error) {
      if (isEngineError(error, 'not_found')) return undefined;
      throw error;
    }
  }

  /** A request whose answer is read as a stream (logs, events, progress, archives). */
  async stream(operation: string, request: DockerRequest): Promise<IncomingMessage> {
    const response = (await this.dial(operation, request, { isStream: true })) as IncomingMessage;
    const signal = request.signal;
    if (signal !== undefined) {
      const onAbort = (): void => void response.destroy();
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        response.once('close', () => signal.removeEventListener('abort', onAbort));
      }
    }
    return response;
  }

  /** Upgrades the connection to a raw duplex stream (attach and exec with stdin). */
  async hijack(operation: string, request: DockerRequest): Promise<Duplex> {
    return (await this.dial(operation, request, { isStream: true, hijack: true, openStdin: true })) as Duplex;
  }

  /** Reads a stream of newline-separated JSON messages to its end through the modem's progress follower. */
  followProgress(stream: NodeJS.ReadableStream, onMessage: (message: Record<string, unknown>) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.modem.followProgress(
        stream,
        (error) => (error ? reject(error) : resolve()),
        (message: unknown) => {
          if (typeof message === 'object' && message !== null) onMessage(message as Record<string, unknown>);
        },
      );
    });
  }

  /** The API version the daemon speaks (`1.41`), asked once. */
  apiVersion(): Promise<string> {
    this.version ??= this.json<{ ApiVersion?: string }>('reading the Docker Engine version', { method: 'GET', path: '/version' }).then(
      (version) => version.ApiVersion ?? '1.41',
      (error: unknown) => {
        this.version = undefined;
        throw error;
      },
    );
    return this.version;
  }

  private dial(operation: string, request: DockerRequest, mode: { isStream?: boolean; hijack?: boolean; openStdin?: boolean }): Promise<unknown> {
    const query: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) query[key] = value;
    const options: Record<string, unknown> = { _query: query };
    // Without `_body` the modem would send the query as the body; `{}` sends none.
    options['_body'] = request.body ?? {};
    return new Promise((resolve, reject) => {
      this.modem.dial(
        {
          path: `${request.path}?`,
          method: request.method,
          options,
          statusCodes: SUCCESS,
          ...(request.file !== undefined ? { file: request.file } : {}),
          ...(request.contentType !== undefined ? { headers: { 'Content-Type': request.contentType } } : {}),
          ...(request.auth !== undefined ? { authconfig: registryAuthHeader(request.auth) } : {}),
          ...(request.signal !== undefined ? { abortSignal: request.signal } : {}),
          ...(mode.isStream ? { isStream: true } : {}),
          // A body (even `{}`) makes Node send the request headers at once; without one an upgrade never starts.
          ...(mode.hijack ? { hijack: true, allowEmpty: true } : {}),
          ...(mode.openStdin ? { openStdin: true } : {}),
        },
        (error, result) => {
          if (error) reject(toEngineError(error, operation, this.host, request.signal));
          else resolve(result);
        },
      );
    });
  }
}

function registryAuthHeader(auth: RegistryAuth): { base64: string } {
  const fields: Record<string, string> = {};
  if (auth.username !== undefined) fields['username'] = auth.username;
  if (auth.password !== undefined) fields['password'] = auth.password;
  if (auth.identityToken !== undefined) fields['identitytoken'] = auth.identityToken;
  if (auth.serverAddress !== undefined) fields['serveraddress'] = auth.serverAddress;
  return { base64: Buffer.from(JSON.stringify(fields)).toString('base64url') };
}

/** `1.41` < `1.44`. */
export function apiAtLeast(version: string, minimum: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [minMajor = 0, minMinor = 0] = minimum.split('.').map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}
