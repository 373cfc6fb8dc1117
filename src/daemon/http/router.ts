/**
 * berthd's one route table. Paths are matched after an optional API version
 * prefix (`/v1.44/containers/json` and `/containers/json` are the same
 * route). A request no route matches answers 501 naming the endpoint, so a
 * client learns at once which part of the Docker API berthd does not serve.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, sendError } from './respond.js';

export interface RequestContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The raw connection when the client asked to hijack it (`Upgrade: tcp`). */
  readonly upgrade?: { readonly socket: Duplex; readonly head: Buffer } | undefined;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

export type Handler = (context: RequestContext) => Promise<void> | void;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly template: string;
  readonly handler: Handler;
}

const VERSION_PREFIX = /^\/v\d+\.\d+(?=\/)/;

export class Router {
  private readonly routes: Route[] = [];

  /** `template` uses `{name}` for one path segment and `{name*}` for the rest of the path. */
  add(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template.replace(/[.*+?^$()|[\]\\]/g, (character) => (character === '*' ? '*' : `\\${character}`)).replace(/\{(\w+)(\*?)\}/g, (_, name: string, rest: string) => {
      names.push(name);
      return rest === '*' ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, template, handler });
    return this;
  }

  get templates(): readonly string[] {
    return this.routes.map((route) => `${route.method} ${route.template}`);
  }

  async handle(request: IncomingMessage, response: ServerResponse, upgrade?: { socket: Duplex; head: Buffer }): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://berthd');
    const path = url.pathname.replace(VERSION_PREFIX, '');
    const method = request.method === 'HEAD' ? 'HEAD' : (request.method ?? 'GET');
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    response.once('close', abort);
    upgrade?.socket.once('close', abort);
    try {
      for (const route of this.routes) {
        if (route.method !== method && !(method === 'HEAD' && route.method === 'GET' && !this.hasHead(path))) continue;
        const match = route.pattern.exec(path);
        if (match === null) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(match[index + 1] ?? '');
        });
        await route.handler({ request, response, params, query: url.searchParams, upgrade, signal: controller.signal });
        return;
      }
      // "not supported" is what the docker CLI looks for to skip an object kind (`docker inspect <name>` tries plugins too).
      throw new ApiError(501, `berthd does not serve ${method} ${path}: not supported (it serves a subset of the Docker Engine API; see \`berth engine routes\`)`);
    } catch (error) {
      sendError(response, error, upgrade?.socket);
    }
  }

  private hasHead(path: string): boolean {
    return this.routes.some((route) => route.method === 'HEAD' && route.pattern.test(path));
  }
}
