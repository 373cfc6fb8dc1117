/**
 * Answers in the Docker Engine API's shapes: JSON bodies, `{"message": …}`
 * errors with the status code Docker uses for each kind of failure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { BerthError } from '../../errors.js';

export type ErrorKind = 'invalid' | 'unauthorized' | 'not_found' | 'conflict' | 'not_modified' | 'unavailable' | 'unsupported' | 'internal';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  not_modified: 304,
  unavailable: 500,
  unsupported: 501,
  internal: 500,
};

/** A failure with the HTTP status it answers with. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }

  static of(kind: ErrorKind, message: string, cause?: unknown): ApiError {
    return new ApiError(STATUS[kind], message, { cause });
  }
}

/** Status for an error from a store or the runtime: their `kind` says which. */
export function statusOf(error: unknown): number {
  if (error instanceof ApiError) return error.status;
  const kind = (error as { kind?: unknown } | null)?.kind;
  if (typeof kind === 'string' && kind in STATUS) return STATUS[kind as ErrorKind];
  if (error instanceof BerthError && error.code === 'invalid_argument') return 400;
  return 500;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendEmpty(response: ServerResponse, status = 204): void {
  response.writeHead(status);
  response.end();
}

export function sendError(response: ServerResponse, error: unknown, socket?: Duplex): void {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  // Nobody is listening any more: nothing to answer or to log.
  if ((error as { kind?: unknown } | null)?.kind === 'cancelled') {
    response.destroy();
    socket?.destroy();
    return;
  }
  if (status >= 500 && status !== 501) console.error(`berthd: ${message}${error instanceof Error && error.stack ? `\n${error.stack}` : ''}`);
  if (socket !== undefined) {
    const text = JSON.stringify({ message });
    socket.end(`HTTP/1.1 ${status} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    return;
  }
  if (response.headersSent) {
    // A stream already started: the only honest thing left is to cut it.
    response.destroy(error instanceof Error ? error : undefined);
    return;
  }
  sendJson(response, status, { message });
}

export async function readBody(request: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw ApiError.of('invalid', `request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson<T>(request: IncomingMessage): Promise<T> {
  const body = await readBody(request);
  if (body.length === 0) return {} as T;
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (error) {
    throw ApiError.of('invalid', `request body is not valid JSON: ${(error as Error).message}`, error);
  }
}

/** Docker's boolean query parameters: `1`, `true`, `True`. */
export function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value !== null && /^(1|true)$/i.test(value);
}

/** Docker's `filters` query parameter: `{"label": ["a=b"]}` or the old `{"label": {"a=b": true}}`. */
export function filters(query: URLSearchParams): Map<string, string[]> {
  const raw = query.get('filters');
  const result = new Map<string, string[]>();
  if (raw === null || raw === '') return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw ApiError.of('invalid', `filters is not valid JSON: ${raw}`);
  }
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(value)) result.set(key, value.map(String));
    else if (typeof value === 'object' && value !== null) result.set(key, Object.keys(value).filter((entry) => (value as Record<string, unknown>)[entry] === true));
  }
  return result;
}

/** Whether labels satisfy Docker `label` filters (`key` or `key=value`, all must hold). */
export function labelsMatch(labels: Readonly<Record<string, string>> | undefined, wanted: readonly string[] | undefined): boolean {
  if (wanted === undefined) return true;
  return wanted.every((filter) => {
    const at = filter.indexOf('=');
    if (at < 0) return labels?.[filter] !== undefined;
    return labels?.[filter.slice(0, at)] === filter.slice(at + 1);
  });
}
