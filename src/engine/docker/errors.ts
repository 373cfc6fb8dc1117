/**
 * Docker's failures as `EngineError` kinds: the HTTP status the daemon
 * answered with, refined by its message where Docker uses one status for
 * several causes, and socket errors as `unavailable`.
 */
import { EngineError, type EngineErrorKind } from '../errors.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What an HTTP status means, before looking at the message. */
export function kindForStatus(status: number): EngineErrorKind | undefined {
  if (status === 404) return 'not_found';
  if (status === 409 || status === 403) return 'conflict';
  if (status === 400 || status === 406 || status === 422) return 'invalid';
  if (status === 501) return 'unsupported';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  return undefined;
}

/** Docker answers 500 for many refusals; its message tells which. */
export function kindForMessage(message: string): EngineErrorKind | undefined {
  const text = message.toLowerCase();
  if (/already (allocated|in use|exists)|address already in use|is in use|conflict/.test(text)) return 'conflict';
  if (/no such|not found|manifest unknown|does not exist|pull access denied/.test(text)) return 'not_found';
  if (/not implemented|not supported|unsupported/.test(text)) return 'unsupported';
  return undefined;
}

interface ModemError {
  readonly statusCode?: number;
  readonly json?: unknown;
  readonly code?: string;
  readonly message?: string;
}

/** The daemon's own words, without dockerode's `(HTTP code N) reason - ` prefix. */
export function daemonMessage(error: unknown): string {
  const modem = (error ?? {}) as ModemError;
  const json = modem.json;
  if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message.trim();
  }
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString('utf8').trim();
  const text = modem.message ?? String(error);
  return text.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError';
}

/**
 * Turns whatever a request failed with into an `EngineError` that says
 * what berth was doing (`operation`) and what the daemon said. Aborts pass
 * through unchanged: the caller asked for them.
 */
export function toEngineError(error: unknown, operation: string, host: string, signal?: AbortSignal): unknown {
  if (error instanceof EngineError) return error;
  if (isAbort(error, signal)) return signal?.reason ?? error;
  const modem = (error ?? {}) as ModemError;
  if (modem.code !== undefined && CONNECTION_CODES.has(modem.code)) {
    return new EngineError(
      'unavailable',
      `${operation}: cannot reach the Docker Engine at ${host} (${modem.code}); start it (scripts/dockerd.sh start, or systemctl start docker) or point DOCKER_HOST at a running one`,
      { cause: error },
    );
  }
  const message = daemonMessage(error);
  if (typeof modem.statusCode === 'number') {
    const kind = (modem.statusCode >= 500 ? kindForMessage(message) : undefined) ?? kindForStatus(modem.statusCode) ?? kindForMessage(message) ?? 'invalid';
    return new EngineError(kind, `${operation}: ${message} (Docker Engine answered HTTP ${modem.statusCode})`, { cause: error });
  }
  const kind = kindForMessage(message) ?? 'unavailable';
  return new EngineError(kind, `${operation}: ${message}`, { cause: error });
}
