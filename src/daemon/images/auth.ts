/**
 * Registry authentication: the `WWW-Authenticate` challenge of a 401 names
 * Basic or Bearer. Basic sends the user and password on every request;
 * Bearer fetches a token for a scope (`repository:<name>:pull`) from the
 * realm, with the credentials (GET with Basic, or POST with a refresh token)
 * or anonymously, as Docker Hub expects, and caches it until it expires.
 */
import type { RegistryCredentials } from './credentials.js';
import { ImageError } from './errors.js';
import { readBody, send, TransientStatusError, withRetries } from './http.js';

export interface Challenge {
  readonly scheme: 'basic' | 'bearer';
  readonly params: Readonly<Record<string, string>>;
}

/** Parses a `WWW-Authenticate` value; schemes other than Basic and Bearer are left out. */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  const pattern = /\s*(?:([A-Za-z][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))|([A-Za-z][\w.-]*))\s*,?/gy;
  let current: { scheme: string; params: Record<string, string> } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    const scheme = current.scheme.toLowerCase();
    if (scheme === 'basic' || scheme === 'bearer') challenges.push({ scheme, params: current.params });
  };
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < header.length && (match = pattern.exec(header)) !== null) {
    if (match[0] === '') break;
    if (match[4] !== undefined) {
      flush();
      current = { scheme: match[4], params: {} };
      continue;
    }
    const key = match[1];
    if (key === undefined || current === undefined) continue;
    current.params[key.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
  }
  flush();
  return challenges;
}

interface CachedToken {
  readonly value: string;
  readonly expiresAtMs: number;
}

/** Authorization for one registry endpoint and one set of credentials. */
export class RegistryAuthorizer {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly registry: string,
    private readonly credentials: RegistryCredentials | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers the challenge of a 401 (from the ping or any later request). */
  learn(header: string | undefined): void {
    const challenges = parseChallenges(header ?? '');
    this.challenge = challenges.find((challenge) => challenge.scheme === 'bearer') ?? challenges[0] ?? this.challenge;
  }

  get knowsChallenge(): boolean {
    return this.challenge !== undefined;
  }

  /** The Authorization header for a request under `scope`, or undefined when none is needed. */
  async header(scope: string, signal?: AbortSignal): Promise<string | undefined> {
    const challenge = this.challenge;
    if (challenge === undefined) return this.credentials?.registrytoken ? `Bearer ${this.credentials.registrytoken}` : undefined;
    switch (challenge.scheme) {
      case 'basic': {
        const { username, password } = this.credentials ?? {};
        if (username === undefined || password === undefined) {
          throw new ImageError('unauthorized', `${this.registry} asks for a user name and password (Basic auth) and none is configured; run docker login ${this.registry}`);
        }
        return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
      }
      case 'bearer': {
        if (this.credentials?.registrytoken) return `Bearer ${this.credentials.registrytoken}`;
        let pending = this.tokens.get(scope);
        if (pending !== undefined) {
          const cached = await pending.catch(() => undefined);
          if (cached !== undefined && cached.expiresAtMs > this.now()) return `Bearer ${cached.value}`;
        }
        pending = this.fetchToken(challenge, scope, signal);
        this.tokens.set(scope, pending);
        pending.catch(() => this.tokens.delete(scope));
        return `Bearer ${(await pending).value}`;
      }
      default: {
        const unreachable: never = challenge.scheme;
        throw new Error(`unknown auth scheme ${String(unreachable)}`);
      }
    }
  }

  /** Forgets a token the registry refused (expired early, or too narrow a scope). */
  forget(scope: string): void {
    this.tokens.delete(scope);
  }

  private async fetchToken(challenge: Challenge, scope: string, signal: AbortSignal | undefined): Promise<CachedToken> {
    const realm = challenge.params['realm'];
    if (realm === undefined || realm === '') throw new ImageError('unauthorized', `${this.registry} asks for a bearer token but names no realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch (error) {
      throw new ImageError('unauthorized', `${this.registry} names an invalid token realm "${realm}"`, { cause: error });
    }
    const service = challenge.params['service'];
    const credentials = this.credentials;
    const startedMs = this.now();
    const response = await withRetries(
      `token request to ${url.host}`,
      async () => {
        let answer;
        if (credentials?.identitytoken) {
          const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identitytoken, client_id: 'berthd', scope });
          if (service !== undefined) form.set('service', service);
          answer = await send(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal });
        } else {
          const query = new URL(url);
          if (service !== undefined) query.searchParams.set('service', service);
          query.searchParams.set('scope', scope);
          const headers: Record<string, string> = {};
          if (credentials?.username !== undefined && credentials.password !== undefined) {
            query.searchParams.set('account', credentials.username);
            headers['Authorization'] = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
          }
          answer = await send(query, { headers, signal });
        }
        if (answer.status >= 500) {
          answer.body.resume();
          throw new TransientStatusError(answer.status, url);
        }
        return answer;
      },
      { signal },
    );
    const body = await readBody(response, 1024 * 1024);
    if (response.status === 401 || response.status === 403) {
      throw new ImageError('unauthorized', `the token server ${url.host} refused the credentials for ${this.registry} (${response.status}): ${body.toString('utf8').slice(0, 200)}`);
    }
    if (response.status !== 200) {
      throw new ImageError('unavailable', `the token server ${url.host} answered ${response.status} for ${this.registry}: ${body.toString('utf8').slice(0, 200)}`);
    }
    let parsed: { token?: string; access_token?: string; expires_in?: number };
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch (error) {
      throw new ImageError('unauthorized', `the token server ${url.host} sent no JSON`, { cause: error });
    }
    const value = parsed.token ?? parsed.access_token;
    if (value === undefined || value === '') throw new ImageError('unauthorized', `the token server ${url.host} sent no token`);
    // Tokens without expires_in last 60 s (the distribution token spec); renew a little early.
    const lifetimeSeconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
    return { value, expiresAtMs: startedMs + Math.max(1, lifetimeSeconds - 5) * 1000 };
  }
}
