/**
 * A real registry (Debian's `docker-registry`, distribution 2.8) on a free
 * 127.0.0.1 port in a temp dir, in one of three modes:
 *   - open: no auth;
 *   - basic: htpasswd (bcrypt, made with `htpasswd -Bbn`);
 *   - token: bearer tokens from a token server this helper runs in-process
 *     (node:http), signing RS256 JWTs with a generated key whose self-signed
 *     certificate (openssl) the registry trusts: the flow Docker Hub uses.
 * Also a small pusher (monolithic blob uploads and manifest PUTs with fetch),
 * so tests can put any image, index or broken blob into the registry.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, createSign, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, freePort } from './net.js';

export type RegistryMode = 'open' | 'basic' | 'token';

export interface RegistryServerOptions {
  readonly mode: RegistryMode;
  readonly username?: string;
  readonly password?: string;
  /** Token mode: anonymous clients get pull access (as Docker Hub gives for public images). */
  readonly anonymousPull?: boolean;
}

export interface RegistryServer {
  /** `127.0.0.1:PORT`. */
  readonly host: string;
  readonly mode: RegistryMode;
  readonly username: string;
  readonly password: string;
  /** How many token requests the token server answered (token mode). */
  tokenRequests(): number;
  /** An Authorization header with push and pull rights on `repository` (undefined in open mode). */
  adminAuthorization(repository: string): string | undefined;
  stop(): Promise<void>;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args[0] ?? ''} failed: ${stderr || error.message}`)) : resolve(stdout)));
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/v2/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 || res.statusCode === 401);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** Why a registry cannot be started here, or undefined. */
export function registrySkipReason(mode: RegistryMode = 'open'): string | undefined {
  if (findOnPath('docker-registry') === undefined) return 'docker-registry is not installed (apt-get install docker-registry)';
  if (mode === 'basic' && findOnPath('htpasswd') === undefined) return 'htpasswd is not installed (apt-get install apache2-utils)';
  if (mode === 'token' && findOnPath('openssl') === undefined) return 'openssl is not installed';
  return undefined;
}

export async function startRegistryServer(options: RegistryServerOptions = { mode: 'open' }): Promise<RegistryServer> {
  const skip = registrySkipReason(options.mode);
  if (skip !== undefined) throw new Error(skip);
  const binary = findOnPath('docker-registry') as string;
  const username = options.username ?? 'berth';
  const password = options.password ?? `s3cret-${randomBytes(4).toString('hex')}`;
  const directory = await mkdtemp(join(tmpdir(), 'berth-registry-'));
  const port = await freePort();
  const service = 'berth-test-registry';
  const issuer = 'berth-test-token-issuer';
  let tokenServer: Server | undefined;
  let tokenCount = 0;
  let mint: ((subject: string, access: Array<{ type: string; name: string; actions: string[] }>) => string) | undefined;
  const config = ['version: 0.1', 'log:', '  level: error', 'storage:', '  filesystem:', `    rootdirectory: ${join(directory, 'data')}`, '  delete:', '    enabled: true', 'http:', `  addr: 127.0.0.1:${port}`, '  secret: berth-test'];
  let child: ChildProcess | undefined;

  const stop = async (): Promise<void> => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (tokenServer !== undefined) {
      tokenServer.closeAllConnections();
      await new Promise((resolve) => tokenServer?.close(resolve));
    }
    await rm(directory, { recursive: true, force: true });
  };

  try {
    switch (options.mode) {
      case 'open':
        break;
      case 'basic': {
        const entry = await run('htpasswd', ['-Bbn', username, password]);
        await writeFile(join(directory, 'htpasswd'), entry);
        config.push('auth:', '  htpasswd:', '    realm: berth-test', `    path: ${join(directory, 'htpasswd')}`);
        break;
      }
      case 'token': {
        const keyPath = join(directory, 'token.key');
        const certPath = join(directory, 'token.crt');
        await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=berth-test-token']);
        const privateKey = await readFile(keyPath, 'utf8');
        const certificate = new X509Certificate(await readFile(certPath));
        mint = (subject, access) => {
          const nowSeconds = Math.floor(Date.now() / 1000);
          const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [certificate.raw.toString('base64')] }));
          const claims = base64url(JSON.stringify({ iss: issuer, sub: subject, aud: service, exp: nowSeconds + 300, nbf: nowSeconds - 10, iat: nowSeconds, jti: randomBytes(8).toString('hex'), access }));
          const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(privateKey);
          return `${header}.${claims}.${base64url(signature)}`;
        };
        const tokenPort = await freePort();
        tokenServer = createHttpServer((req, res) => {
          const url = new URL(req.url ?? '/', 'http://127.0.0.1');
          const answer = (status: number, body: unknown): void => {
            res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
          };
          if (url.pathname !== '/token') return answer(404, { details: 'not found' });
          tokenCount++;
          let subject = '';
          const authorization = req.headers.authorization;
          if (authorization !== undefined) {
            const decoded = Buffer.from(authorization.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
            if (decoded !== `${username}:${password}`) return answer(401, { details: 'incorrect username or password' });
            subject = username;
          }
          const access = url.searchParams.getAll('scope').flatMap((scope) => {
            const [type, ...rest] = scope.split(':');
            const actions = (rest.pop() ?? '').split(',');
            const name = rest.join(':');
            const granted = subject !== '' ? actions.filter((action) => action === 'pull' || action === 'push') : options.anonymousPull ? actions.filter((action) => action === 'pull') : [];
            return type === 'repository' && granted.length > 0 ? [{ type, name, actions: granted }] : [];
          });
          const token = mint?.(subject, access) ?? '';
          answer(200, { token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() });
        });
        await new Promise<void>((resolve) => tokenServer?.listen(tokenPort, '127.0.0.1', resolve));
        config.push('auth:', '  token:', `    realm: http://127.0.0.1:${tokenPort}/token`, `    service: ${service}`, `    issuer: ${issuer}`, `    rootcertbundle: ${certPath}`);
        break;
      }
      default: {
        const unreachable: never = options.mode;
        throw new Error(`unknown registry mode ${String(unreachable)}`);
      }
    }
    const configPath = join(directory, 'config.yml');
    await writeFile(configPath, `${config.join('\n')}\n`);
    const started: ChildProcess = spawn(binary, ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let stderr = '';
    started.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await answers(port)) break;
      if (started.exitCode !== null) throw new Error(`the registry exited: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
      if (attempt === 99) throw new Error(`the registry did not answer within 10 s: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    host: `127.0.0.1:${port}`,
    mode: options.mode,
    username,
    password,
    tokenRequests: () => tokenCount,
    adminAuthorization: (repository) => {
      switch (options.mode) {
        case 'open':
          return undefined;
        case 'basic':
          return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
        case 'token':
          return `Bearer ${mint?.(username, [{ type: 'repository', name: repository, actions: ['pull', 'push'] }]) ?? ''}`;
        default: {
          const unreachable: never = options.mode;
          throw new Error(`unknown registry mode ${String(unreachable)}`);
        }
      }
    },
    stop,
  };
}

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function headers(registry: RegistryServer, repository: string, extra: Record<string, string> = {}): Record<string, string> {
  const authorization = registry.adminAuthorization(repository);
  return authorization === undefined ? extra : { ...extra, Authorization: authorization };
}

/** Uploads one blob (monolithic upload); a blob already there is left alone. */
export async function pushBlob(registry: RegistryServer, repository: string, content: Buffer): Promise<string> {
  const digest = sha256(content);
  const head = await fetch(`http://${registry.host}/v2/${repository}/blobs/${digest}`, { method: 'HEAD', headers: headers(registry, repository) });
  if (head.status === 200) return digest;
  const start = await fetch(`http://${registry.host}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: headers(registry, repository) });
  if (start.status !== 202) throw new Error(`upload start for ${repository} answered ${start.status}: ${await start.text()}`);
  const location = new URL(start.headers.get('location') ?? '', `http://${registry.host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: headers(registry, repository, { 'Content-Type': 'application/octet-stream' }), body: new Uint8Array(content) });
  if (put.status !== 201) throw new Error(`blob upload to ${repository} answered ${put.status}: ${await put.text()}`);
  return digest;
}

/** PUTs a manifest or index under a tag (or digest); returns its digest. */
export async function pushManifest(registry: RegistryServer, repository: string, reference: string, body: Buffer | string, mediaType: string): Promise<string> {
  const put = await fetch(`http://${registry.host}/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: headers(registry, repository, { 'Content-Type': mediaType }), body: typeof body === 'string' ? body : new Uint8Array(body) });
  if (put.status !== 201) throw new Error(`manifest PUT ${repository}:${reference} answered ${put.status}: ${await put.text()}`);
  return sha256(body);
}

export interface TestImage {
  readonly config: Buffer;
  /** Layer blobs as stored in the registry (compressed or not). */
  readonly layers: readonly Buffer[];
  readonly layerMediaType?: string;
}

/** Pushes config, layers and a manifest (Docker v2 by default, OCI with `oci: true`); returns the manifest's digest and bytes. */
export async function pushImage(registry: RegistryServer, repository: string, tag: string, image: TestImage, options: { oci?: boolean } = {}): Promise<{ digest: string; manifest: Buffer }> {
  const configDigest = await pushBlob(registry, repository, image.config);
  const layerDigests: string[] = [];
  for (const layer of image.layers) layerDigests.push(await pushBlob(registry, repository, layer));
  const oci = options.oci === true;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: oci ? 'application/vnd.oci.image.manifest.v1+json' : 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json', size: image.config.length, digest: configDigest },
      layers: image.layers.map((layer, index) => ({
        mediaType: image.layerMediaType ?? (oci ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip'),
        size: layer.length,
        digest: layerDigests[index],
      })),
    }),
  );
  const digest = await pushManifest(registry, repository, tag, manifest, oci ? 'application/vnd.oci.image.manifest.v1+json' : 'application/vnd.docker.distribution.manifest.v2+json');
  return { digest, manifest };
}
