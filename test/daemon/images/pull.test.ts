import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ImageError, ImageStore, type PullProgress } from '../../../src/daemon/images/index.js';
import { pushImage, pushManifest, registrySkipReason, startRegistryServer, type RegistryServer } from '../../helpers/registry-server.js';
import { configFor, readTestImage, sha256, tarOf, tempRoot, testArchiveSkipReason, type TestImageParts } from './fixtures.js';

const skip = testArchiveSkipReason() ?? registrySkipReason('basic') ?? registrySkipReason('token');
if (skip !== undefined) console.log(`# skipped: ${skip}`);

const REPOSITORY = 'berth-test/busybox';

/** A proxy in front of a registry that records requests and can cut a blob download after some bytes. */
interface Proxy {
  readonly host: string;
  readonly requests: Array<{ method: string; path: string; range: string | undefined }>;
  /** The next GET of this blob is cut after so many bytes. */
  cut: { digest: string; afterBytes: number } | undefined;
  stop(): Promise<void>;
}

async function startProxy(target: string): Promise<Proxy> {
  const [targetHost, targetPort] = target.split(':');
  const proxy: Proxy = { host: '', requests: [], cut: undefined, stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const range = req.headers.range;
    proxy.requests.push({ method: req.method ?? 'GET', path: req.url ?? '', range });
    const cut = proxy.cut !== undefined && (req.url ?? '').endsWith(`/blobs/${proxy.cut.digest}`) ? proxy.cut.afterBytes : undefined;
    if (cut !== undefined) proxy.cut = undefined;
    const upstream = request({ host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: { ...req.headers, host: target } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (cut === undefined) return void answer.pipe(res);
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        if (sent >= cut) return;
        const part = chunk.subarray(0, cut - sent);
        sent += part.length;
        res.write(part);
        if (sent >= cut) {
          answer.destroy();
          res.socket?.destroy();
        }
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

function statuses(progress: PullProgress[]): string[] {
  return [...new Set(progress.map((p) => p.status.replace(/ for .*| from .*|: sha256:.*/, '')))];
}

const isKind = (kind: string) => (error: unknown) => {
  assert.ok(error instanceof ImageError, String(error));
  assert.equal(error.kind, kind, error.message);
  return true;
};

describe('pull from a real registry', { skip: skip ?? false }, () => {
  let work: Awaited<ReturnType<typeof tempRoot>>;
  let image: TestImageParts;
  let layerGz: Buffer;
  const registries: Partial<Record<'open' | 'basic' | 'token' | 'anonymous', RegistryServer>> = {};
  let manifestDigest: string;

  before(async () => {
    work = await tempRoot('pull');
    image = await readTestImage();
    layerGz = gzipSync(image.layer);
    const [open, basic, token, anonymous] = await Promise.all([
      startRegistryServer({ mode: 'open' }),
      startRegistryServer({ mode: 'basic' }),
      startRegistryServer({ mode: 'token' }),
      startRegistryServer({ mode: 'token', anonymousPull: true }),
    ]);
    Object.assign(registries, { open, basic, token, anonymous });
    for (const registry of [open, basic, token, anonymous]) {
      manifestDigest = (await pushImage(registry, REPOSITORY, 'v1', { config: image.config, layers: [layerGz] })).digest;
    }
  });

  after(async () => {
    await Promise.all(Object.values(registries).map((registry) => registry?.stop()));
    await work?.remove();
  });

  const storeAt = (name: string, options: { dockerConfigDir?: string } = {}): Promise<ImageStore> =>
    ImageStore.open({ root: join(work.root, name), dockerConfigDir: options.dockerConfigDir ?? join(work.root, 'no-docker-config') });

  test('open registry: the image arrives with tags, digests, progress, and a rootfs', async () => {
    const registry = registries.open as RegistryServer;
    const store = await storeAt('open');
    const reference = `${registry.host}/${REPOSITORY}:v1`;
    const progress: PullProgress[] = [];
    const record = await store.pull(reference, { onProgress: (p) => progress.push(p) });
    assert.equal(record.id, image.id);
    assert.deepEqual(record.repoTags, [reference]);
    assert.deepEqual(record.repoDigests, [`${registry.host}/${REPOSITORY}@${manifestDigest}`]);
    assert.deepEqual(statuses(progress), ['Pulling', 'Pulling fs layer', 'Downloading', 'Verifying Checksum', 'Download complete', 'Extracting', 'Pull complete', 'Digest', 'Status: Downloaded newer image']);
    assert.equal(progress.at(-1)?.status, `Status: Downloaded newer image for ${reference}`);
    assert.ok((await stat(join(await store.rootfs(record.id), 'bin', 'busybox'))).isFile());
    const again: PullProgress[] = [];
    await store.pull(reference, { onProgress: (p) => again.push(p) });
    assert.equal(again.at(-1)?.status, `Status: Image is up to date for ${reference}`);
    assert.ok(again.some((p) => p.status === 'Already exists'));
    assert.equal(store.inspect(`${registry.host}/${REPOSITORY}@${manifestDigest}`)?.id, image.id);
    await store.close();
  });

  test('htpasswd registry: credentials from the docker config file work; wrong or missing ones are unauthorized', async () => {
    const registry = registries.basic as RegistryServer;
    const configDir = join(work.root, 'docker-config-basic');
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${registry.username}:${registry.password}`).toString('base64') } } }));
    const reference = `${registry.host}/${REPOSITORY}:v1`;
    const anonymous = await storeAt('basic-anonymous');
    await assert.rejects(anonymous.pull(reference), isKind('unauthorized'));
    await assert.rejects(anonymous.pull(reference, { credentials: { username: registry.username, password: 'wrong' } }), isKind('unauthorized'));
    assert.equal(anonymous.inspect(reference), undefined);
    assert.equal((await anonymous.pull(reference, { credentials: { username: registry.username, password: registry.password } })).id, image.id);
    const configured = await storeAt('basic-config', { dockerConfigDir: configDir });
    assert.equal((await configured.pull(reference)).id, image.id);
    await Promise.all([anonymous.close(), configured.close()]);
  });

  test('token registry: a bearer token is fetched with the credentials; wrong password and anonymous are unauthorized', async () => {
    const registry = registries.token as RegistryServer;
    const reference = `${registry.host}/${REPOSITORY}:v1`;
    const store = await storeAt('token');
    await assert.rejects(store.pull(reference), isKind('unauthorized'));
    await assert.rejects(store.pull(reference, { credentials: { username: registry.username, password: 'wrong' } }), isKind('unauthorized'));
    const before = registry.tokenRequests();
    assert.equal((await store.pull(reference, { credentials: { username: registry.username, password: registry.password } })).id, image.id);
    assert.ok(registry.tokenRequests() > before, 'a token was asked for');
    const configDir = join(work.root, 'docker-config-token');
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'config.json'), JSON.stringify({ auths: { [`http://${registry.host}/v2/`]: { username: registry.username, password: registry.password } } }));
    const configured = await storeAt('token-config', { dockerConfigDir: configDir });
    assert.equal((await configured.pull(reference)).id, image.id);
    await Promise.all([store.close(), configured.close()]);
  });

  test('token registry with anonymous pull: an anonymous token is enough', async () => {
    const registry = registries.anonymous as RegistryServer;
    const store = await storeAt('token-anonymous');
    const before = registry.tokenRequests();
    assert.equal((await store.pull(`${registry.host}/${REPOSITORY}:v1`)).id, image.id);
    assert.ok(registry.tokenRequests() > before);
    await store.close();
  });

  test('an OCI index with two platforms: linux/amd64 by default, the other when asked', async () => {
    const registry = registries.open as RegistryServer;
    const armLayer = await tarOf({ 'arch.txt': 'arm64' });
    const armConfig = configFor([armLayer], { architecture: 'arm64', variant: 'v8' });
    const amd = await pushImage(registry, 'berth-test/multi', 'amd64', { config: image.config, layers: [layerGz] }, { oci: true });
    const arm = await pushImage(registry, 'berth-test/multi', 'arm64', { config: armConfig, layers: [gzipSync(armLayer)] }, { oci: true });
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: arm.digest, size: arm.manifest.length, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: amd.digest, size: amd.manifest.length, platform: { os: 'linux', architecture: 'amd64' } },
      ],
    });
    const indexDigest = await pushManifest(registry, 'berth-test/multi', 'latest', index, 'application/vnd.oci.image.index.v1+json');
    const store = await storeAt('multi');
    const reference = `${registry.host}/berth-test/multi`;
    const chosen = await store.pull(reference, { platform: 'linux/amd64' });
    assert.equal(chosen.id, image.id);
    assert.deepEqual(chosen.repoDigests, [`${reference}@${indexDigest}`], 'the repo digest is the index digest, as in Docker');
    const other = await store.pull(`${reference}:latest`, { platform: 'linux/arm64' });
    assert.equal(other.id, sha256(armConfig));
    await assert.rejects(store.pull(reference, { platform: 'linux/s390x' }), isKind('not_found'));
    await store.close();
  });

  test('a pull cut off midway leaves no tag and no partial blob; the next pull succeeds', async () => {
    const registry = registries.open as RegistryServer;
    const big = await tarOf({ 'random.bin': randomBytes(24 * 1024 * 1024) });
    const bigGz = gzipSync(big, { level: 1 });
    const config = configFor([image.layer, big]);
    await pushImage(registry, 'berth-test/big', 'v1', { config, layers: [layerGz, bigGz] });
    const store = await storeAt('cut');
    const reference = `${registry.host}/berth-test/big:v1`;
    const controller = new AbortController();
    const bigId = sha256(bigGz).slice(7, 19);
    await assert.rejects(
      store.pull(reference, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.status === 'Downloading' && p.id === bigId && (p.progressDetail?.current ?? 0) < bigGz.length) controller.abort();
        },
      }),
      isKind('unavailable'),
    );
    assert.equal(store.inspect(reference), undefined, 'no tag');
    const blobs = await readdir(join(work.root, 'cut', 'images', 'blobs', 'sha256'));
    assert.ok(!blobs.includes(sha256(bigGz).slice(7)), 'no blob of the cut layer under its final name');
    assert.deepEqual(await readdir(join(work.root, 'cut', 'images', 'rootfs')), [], 'no rootfs');
    const record = await store.pull(reference);
    assert.equal(record.id, sha256(config));
    assert.equal(record.size, image.layer.length + big.length);
    await store.close();
  });

  test('a connection cut mid-blob is resumed with a Range request', async () => {
    const registry = registries.open as RegistryServer;
    const proxy = await startProxy(registry.host);
    try {
      const store = await storeAt('resume');
      proxy.cut = { digest: sha256(layerGz), afterBytes: 300_000 };
      const record = await store.pull(`${proxy.host}/${REPOSITORY}:v1`);
      assert.equal(record.id, image.id);
      const layerRequests = proxy.requests.filter((entry) => entry.path.endsWith(sha256(layerGz)));
      assert.equal(layerRequests.length, 2, JSON.stringify(proxy.requests));
      assert.match(layerRequests[1]?.range ?? '', /^bytes=\d+-$/);
      await store.close();
    } finally {
      await proxy.stop();
    }
  });

  test('two pulls of the same image at once share one download', async () => {
    const registry = registries.open as RegistryServer;
    const proxy = await startProxy(registry.host);
    try {
      const store = await storeAt('shared');
      const reference = `${proxy.host}/${REPOSITORY}:v1`;
      const [first, second] = await Promise.all([store.pull(reference), store.pull(reference)]);
      assert.equal(first.id, image.id);
      assert.equal(second.id, image.id);
      assert.equal(proxy.requests.filter((entry) => entry.path.includes('/blobs/') && entry.path.endsWith(sha256(layerGz))).length, 1, JSON.stringify(proxy.requests));
      await store.close();
    } finally {
      await proxy.stop();
    }
  });

  test('a credential helper named in credHelpers answers for its registry', async () => {
    const registry = registries.basic as RegistryServer;
    const configDir = join(work.root, 'docker-config-helper');
    const bin = join(work.root, 'helper-bin');
    await mkdir(configDir, { recursive: true });
    await mkdir(bin, { recursive: true });
    // The helper checks the server address it is given on stdin, as the real ones do.
    await writeFile(
      join(bin, 'docker-credential-berthtest'),
      `#!/bin/sh\nread server\n[ "$1" = get ] && [ "$server" = "${registry.host}" ] || { echo "credentials not found in native keychain"; exit 1; }\necho '{"ServerURL":"${registry.host}","Username":"${registry.username}","Secret":"${registry.password}"}'\n`,
      { mode: 0o755 },
    );
    await writeFile(join(configDir, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'berthtest' } }));
    const savedPath = process.env['PATH'];
    process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
    try {
      const store = await storeAt('helper', { dockerConfigDir: configDir });
      assert.equal((await store.pull(`${registry.host}/${REPOSITORY}:v1`)).id, image.id);
      await store.close();
    } finally {
      process.env['PATH'] = savedPath;
    }
  });

  test('docker.io references go to the configured mirror first', async () => {
    const registry = registries.open as RegistryServer;
    const store = await ImageStore.open({ root: join(work.root, 'mirror'), registryMirrors: [`http://${registry.host}`], dockerConfigDir: join(work.root, 'no-docker-config') });
    const record = await store.pull(REPOSITORY + ':v1');
    assert.equal(record.id, image.id);
    assert.deepEqual(record.repoTags, ['berth-test/busybox:v1']);
    await store.close();
  });

  test('a registry that is not there is unavailable, an unknown tag not_found', async () => {
    const store = await storeAt('missing');
    await assert.rejects(store.pull('127.0.0.1:9/berth-test/nothing:latest'), isKind('unavailable'));
    await assert.rejects(store.pull(`${(registries.open as RegistryServer).host}/${REPOSITORY}:nope`), isKind('not_found'));
    await store.close();
  });
});
