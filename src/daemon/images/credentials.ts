/**
 * Registry credentials as the Docker CLI stores them in
 * `$DOCKER_CONFIG/config.json`: `auths` entries (base64 `auth`,
 * `username`/`password`, `identitytoken`), and credential helpers
 * (`credHelpers` per registry, `credsStore` for all) run as
 * `docker-credential-<name> get` with the server address on stdin.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_DOMAIN } from './reference.js';
import { ImageError } from './errors.js';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** An OAuth refresh token (`docker login` against registries that issue one). */
  identitytoken?: string;
  /** A bearer token to send as is. */
  registrytoken?: string;
}

/** Where credentials for a registry host come from; undefined means anonymous. */
export type CredentialLookup = (registryHost: string) => Promise<RegistryCredentials | undefined>;

const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
const HELPER_TIMEOUT_MS = 10_000;

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** `https://host:5000/v1/` and `host:5000` name the same registry. */
function hostOfKey(key: string): string {
  const withoutScheme = key.replace(/^[a-z]+:\/\//i, '');
  return withoutScheme.split('/')[0] ?? withoutScheme;
}

function matches(key: string, registryHost: string): boolean {
  const host = hostOfKey(key);
  if (registryHost === DEFAULT_DOMAIN) return ['index.docker.io', 'docker.io', 'registry-1.docker.io'].includes(host);
  return host === registryHost;
}

/** The address the Docker CLI gives credential helpers and uses as the `auths` key. */
export function serverAddress(registryHost: string): string {
  return registryHost === DEFAULT_DOMAIN ? DOCKER_HUB_SERVER : registryHost;
}

export function dockerConfigCredentials(configDirectory: string): CredentialLookup {
  const path = join(configDirectory, 'config.json');
  return async (registryHost) => {
    let config: DockerConfigFile;
    try {
      config = JSON.parse(await readFile(path, 'utf8')) as DockerConfigFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ImageError('invalid', `cannot read registry credentials from ${path}: ${(error as Error).message}`, { cause: error });
    }
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => matches(key, registryHost))?.[1] ?? config.credsStore;
    if (helper !== undefined && helper !== '') {
      const fromHelper = await runCredentialHelper(helper, serverAddress(registryHost));
      if (fromHelper !== undefined) return fromHelper;
    }
    const entry = Object.entries(config.auths ?? {}).find(([key]) => matches(key, registryHost))?.[1];
    if (entry === undefined) return undefined;
    const credentials: RegistryCredentials = {};
    if (entry.auth !== undefined && entry.auth !== '') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new ImageError('invalid', `${path}: the "auth" entry for ${registryHost} is not base64 of user:password`);
      credentials.username = decoded.slice(0, colon);
      credentials.password = decoded.slice(colon + 1);
    }
    if (entry.username !== undefined && credentials.username === undefined) credentials.username = entry.username;
    if (entry.password !== undefined && credentials.password === undefined) credentials.password = entry.password;
    if (entry.identitytoken !== undefined && entry.identitytoken !== '') credentials.identitytoken = entry.identitytoken;
    if (entry.registrytoken !== undefined && entry.registrytoken !== '') credentials.registrytoken = entry.registrytoken;
    return Object.keys(credentials).length === 0 ? undefined : credentials;
  };
}

/** Runs `docker-credential-<helper> get`; "not found" answers mean no credentials. */
export function runCredentialHelper(helper: string, server: string): Promise<RegistryCredentials | undefined> {
  const binary = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(binary, ['get'], { timeout: HELPER_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error) {
        const text = `${stdout}`.trim();
        if (/credentials not found/i.test(text) || /credentials not found/i.test(error.message)) return resolve(undefined);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(new ImageError('unauthorized', `credential helper ${binary} (configured for ${server}) is not installed`, { cause: error }));
        }
        return reject(new ImageError('unauthorized', `credential helper ${binary} failed for ${server}: ${error.message}`, { cause: error }));
      }
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!answer.Secret) return resolve(undefined);
        // The Docker CLI stores identity tokens under this user name.
        if (answer.Username === '<token>') return resolve({ identitytoken: answer.Secret });
        resolve({ username: answer.Username ?? '', password: answer.Secret });
      } catch (parseError) {
        reject(new ImageError('unauthorized', `credential helper ${binary} gave no JSON for ${server}`, { cause: parseError }));
      }
    });
    child.stdin?.end(server);
  });
}
