/**
 * A client for the OCI distribution API (what `docker pull` speaks): ping
 * `/v2/`, answer the 401 challenge (auth.ts), GET manifests with one Accept
 * header naming all four manifest types, and GET blobs (optionally from a
 * byte offset, to resume). One `RegistrySession` serves one repository on
 * one endpoint; `endpointsFor` says which endpoints to try for a registry:
 * the mirrors first for docker.io, plain HTTP for loopback and insecure
 * registries, HTTPS otherwise.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { RegistryAuthorizer } from './auth.js';
import type { RegistryCredentials } from './credentials.js';
import { ImageError } from './errors.js';
import { readBody, send, TransientStatusError, withRetries, type Response } from './http.js';
import { MANIFEST_ACCEPT } from './oci-types.js';
import { DEFAULT_DOMAIN } from './reference.js';

const DOCKER_HUB_ENDPOINT = 'https://registry-1.docker.io';
const MAX_REDIRECTS = 5;
const MANIFEST_LIMIT_BYTES = 4 * 1024 * 1024;

export interface RegistryEndpoint {
  /** `http://127.0.0.1:5000`, `https://registry-1.docker.io`. */
  readonly base: URL;
  readonly mirror: boolean;
}

function hostOnly(domain: string): string {
  if (domain.startsWith('[')) return domain.slice(1, domain.indexOf(']'));
  const colon = domain.lastIndexOf(':');
  return colon < 0 ? domain : domain.slice(0, colon);
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function inCidr(address: string, cidr: string): boolean {
  const [network, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (network === undefined || isIP(network) !== 4 || isIP(address) !== 4 || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ipv4ToNumber(address) & mask) >>> 0) === ((ipv4ToNumber(network) & mask) >>> 0);
}

/** Loopback registries and those listed in `insecure-registries` (host, host:port or CIDR) are spoken to over plain HTTP. */
export function isInsecureRegistry(domain: string, insecureRegistries: readonly string[]): boolean {
  const host = hostOnly(domain);
  if (host === 'localhost' || host === '::1' || (isIP(host) === 4 && inCidr(host, '127.0.0.0/8'))) return true;
  return insecureRegistries.some((entry) => {
    const clean = entry.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
    return clean === domain || clean === host || (clean.includes('/') && inCidr(host, clean));
  });
}

export function endpointsFor(domain: string, options: { insecureRegistries: readonly string[]; registryMirrors: readonly string[] }): RegistryEndpoint[] {
  if (domain === DEFAULT_DOMAIN) {
    const mirrors = options.registryMirrors.map((mirror) => ({ base: new URL(mirror.replace(/\/+$/, '')), mirror: true }));
    return [...mirrors, { base: new URL(DOCKER_HUB_ENDPOINT), mirror: false }];
  }
  const scheme = isInsecureRegistry(domain, options.insecureRegistries) ? 'http' : 'https';
  return [{ base: new URL(`${scheme}://${domain}`), mirror: false }];
}

export interface FetchedManifest {
  readonly mediaType: string;
  readonly digest: string;
  readonly body: Buffer;
}

/** Digest of some bytes as registries name them. */
export function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The message of a registry error body (`{"errors":[{"code","message"}]}`), or the start of the body. */
function registryMessage(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first !== undefined) return [first.code, first.message].filter(Boolean).join(': ');
  } catch {
    // Not JSON: show the text itself.
  }
  return text.slice(0, 200).trim();
}

export class RegistrySession {
  private readonly authorizer: RegistryAuthorizer;
  private readonly scope: string;

  private constructor(
    readonly endpoint: RegistryEndpoint,
    readonly registry: string,
    readonly repository: string,
    credentials: RegistryCredentials | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.authorizer = new RegistryAuthorizer(registry, credentials);
    this.scope = `repository:${repository}:pull`;
  }

  /** Pings `/v2/` to learn how the endpoint authenticates; fails when it does not answer as a registry. */
  static async open(endpoint: RegistryEndpoint, registry: string, repository: string, credentials: RegistryCredentials | undefined, signal?: AbortSignal): Promise<RegistrySession> {
    const session = new RegistrySession(endpoint, registry, repository, credentials, signal);
    const url = new URL('/v2/', endpoint.base);
    const response = await session.retrying(`ping of ${url.origin}`, () => send(url, { signal, idleTimeoutMs: 15_000 }));
    response.body.resume();
    if (response.status === 401) session.authorizer.learn(headerText(response.headers['www-authenticate']));
    else if (response.status !== 200) throw new ImageError('unavailable', `${url.origin} is not a registry: GET /v2/ answered ${response.status}`);
    return session;
  }

  async manifest(reference: string): Promise<FetchedManifest> {
    const where = `${this.registry}/${this.repository}:${reference}`;
    const response = await this.request(`/v2/${this.repository}/manifests/${reference}`, { Accept: MANIFEST_ACCEPT });
    const body = await readBody(response, MANIFEST_LIMIT_BYTES);
    if (response.status === 404) throw new ImageError('not_found', `manifest for ${where} not found: ${registryMessage(body) || 'manifest unknown'}`);
    if (response.status !== 200) throw new ImageError('unavailable', `GET manifest ${where} answered ${response.status}: ${registryMessage(body)}`);
    const digest = sha256Digest(body);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new ImageError('invalid', `manifest ${where} does not match its digest (got ${digest})`);
    }
    let mediaType = (headerText(response.headers['content-type']) ?? '').split(';')[0]?.trim() ?? '';
    try {
      const declared = (JSON.parse(body.toString('utf8')) as { mediaType?: unknown }).mediaType;
      if (typeof declared === 'string' && declared !== '') mediaType = declared;
    } catch (error) {
      throw new ImageError('invalid', `manifest ${where} is not JSON`, { cause: error });
    }
    return { mediaType, digest, body };
  }

  /** GET of a blob, from `offset` when it is above 0 (the answer is 206 when the registry honours the range, else 200). */
  async blob(digest: string, offset = 0): Promise<Response> {
    const headers: Record<string, string> = offset > 0 ? { Range: `bytes=${offset}-` } : {};
    const response = await this.request(`/v2/${this.repository}/blobs/${digest}`, headers);
    if (response.status === 200 || response.status === 206) return response;
    const body = await readBody(response, 64 * 1024).catch(() => Buffer.alloc(0));
    const where = `blob ${digest} of ${this.registry}/${this.repository}`;
    if (response.status === 404) throw new ImageError('not_found', `${where} not found: ${registryMessage(body)}`);
    if (response.status === 416) throw new ImageError('unavailable', `${where}: the registry refused to resume at byte ${offset}`);
    throw new ImageError('unavailable', `GET ${where} answered ${response.status}: ${registryMessage(body)}`);
  }

  private retrying(what: string, operation: () => Promise<Response>): Promise<Response> {
    return withRetries(
      what,
      async () => {
        const response = await operation();
        if (response.status >= 500 || response.status === 429) {
          response.body.resume();
          throw new TransientStatusError(response.status, response.url);
        }
        return response;
      },
      { signal: this.signal },
    );
  }

  /** A GET with authorization; a 401 teaches the challenge and is tried once more; redirects are followed. */
  private async request(path: string, headers: Record<string, string>): Promise<Response> {
    for (let round = 0; ; round++) {
      const authorization = await this.authorizer.header(this.scope, this.signal);
      let url = new URL(path, this.endpoint.base);
      let sendAuthorization = authorization;
      let response: Response;
      for (let redirects = 0; ; redirects++) {
        const requestHeaders = sendAuthorization === undefined ? headers : { ...headers, Authorization: sendAuthorization };
        const target = url;
        response = await this.retrying(`GET ${target.origin}${target.pathname}`, () => send(target, { headers: requestHeaders, signal: this.signal }));
        const location = headerText(response.headers.location);
        if (![301, 302, 303, 307, 308].includes(response.status) || location === undefined) break;
        response.body.resume();
        if (redirects >= MAX_REDIRECTS) throw new ImageError('unavailable', `${this.registry}: more than ${MAX_REDIRECTS} redirects for ${path}`);
        const next = new URL(location, url);
        // Blob storage behind a redirect gets signed URLs; the registry's token must not leak to it.
        if (next.host !== url.host) sendAuthorization = undefined;
        url = next;
      }
      if (response.status !== 401) return response;
      const body = await readBody(response, 64 * 1024).catch(() => Buffer.alloc(0));
      if (round > 0 || (authorization === undefined && !this.authorizer.knowsChallenge && headerText(response.headers['www-authenticate']) === undefined)) {
        throw new ImageError('unauthorized', `${this.registry} refused access to ${this.repository}: ${registryMessage(body) || 'unauthorized'}; check the credentials (docker login ${this.registry})`);
      }
      this.authorizer.learn(headerText(response.headers['www-authenticate']));
      this.authorizer.forget(this.scope);
    }
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
