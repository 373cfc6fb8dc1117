/**
 * HTTP(S) requests for the registry client on node:http, with keep-alive
 * agents (a pull makes many requests to one host), bounded timeouts and
 * bounded retries with back-off for transient failures: connection resets
 * and refusals, 5xx and 429 answers.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImageError, abortError } from './errors.js';

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  readonly signal?: AbortSignal | undefined;
  /** No byte for this long ends the request. */
  readonly idleTimeoutMs?: number;
}

export interface Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: IncomingMessage;
  readonly url: URL;
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** Network failures worth another try; everything else is final. */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransientStatusError) return true;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && TRANSIENT_CODES.has(code)) return true;
  return error instanceof Error && /socket hang up|idle timeout|premature close/i.test(error.message);
}

export class TransientStatusError extends Error {
  constructor(readonly status: number, url: URL) {
    super(`${url.origin}${url.pathname} answered ${status}`);
  }
}

/** One request; resolves when the response head arrives. The caller consumes or destroys the body. */
export function send(url: URL, options: RequestOptions = {}): Promise<Response> {
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(abortError(signal, `request to ${url.host}`));
  const secure = url.protocol === 'https:';
  const make = secure ? httpsRequest : httpRequest;
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  return new Promise<Response>((resolve, reject) => {
    const request = make(
      url,
      { method: options.method ?? 'GET', headers: { 'User-Agent': 'berthd', ...options.headers }, agent: secure ? httpsAgent : httpAgent, ...(signal ? { signal } : {}) },
      (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: response, url }),
    );
    request.setTimeout(idleTimeoutMs, () => request.destroy(new Error(`idle timeout: no data from ${url.host} for ${idleTimeoutMs} ms`)));
    request.on('error', (error) => reject(signal?.aborted ? abortError(signal, `request to ${url.host}`) : error));
    request.end(options.body);
  });
}

export async function readBody(response: Response, limitBytes = 8 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limitBytes) {
      response.body.destroy();
      throw new ImageError('invalid', `${response.url.origin}${response.url.pathname} sent more than ${limitBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export interface RetryOptions {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly signal?: AbortSignal | undefined;
}

/** Runs `operation` until it succeeds, fails for good, or the attempts are spent (back-off doubles each time). */
export async function withRetries<T>(what: string, operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (options.signal?.aborted) throw abortError(options.signal, what);
      if (!isTransient(error)) throw error;
      if (attempt >= attempts) {
        throw new ImageError('unavailable', `${what} failed after ${attempts} attempts: ${(error as Error).message}`, { cause: error });
      }
      await sleep(baseDelayMs * 2 ** (attempt - 1), undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
    }
  }
}
