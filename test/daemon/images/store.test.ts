import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import { ImageError, ImageStore } from '../../../src/daemon/images/index.js';
import { dockerSkipReason } from '../../helpers/docker.js';
import { configFor, readTestImage, streamOf, TEST_ARCHIVE, TEST_IMAGE, tarOf, tempRoot, testArchiveSkipReason, type TestImageParts } from './fixtures.js';

const skip = testArchiveSkipReason();
if (skip !== undefined) console.log(`# skipped: ${skip}`);

describe('image store: load, save, tag, remove, rootfs', { skip: skip ?? false }, () => {
  let work: Awaited<ReturnType<typeof tempRoot>>;
  let store: ImageStore;
  let image: TestImageParts;

  before(async () => {
    work = await tempRoot('store');
    image = await readTestImage();
    store = await ImageStore.open({ root: join(work.root, 'a') });
  });

  after(async () => {
    await store?.close();
    await work?.remove();
  });

  test('load of the docker-save archive gives the image under its tag and id', async () => {
    const progress: string[] = [];
    const names = await store.load(createReadStream(TEST_ARCHIVE), (p) => progress.push(p.status));
    assert.deepEqual(names, [TEST_IMAGE]);
    assert.deepEqual(progress, [`Loaded image: ${TEST_IMAGE}`]);
    const record = store.inspect(TEST_IMAGE);
    assert.ok(record);
    assert.equal(record.id, image.id);
    assert.deepEqual(record.repoTags, [TEST_IMAGE]);
    assert.deepEqual(record.config.config?.Cmd, ['sh']);
    assert.equal(record.size, image.layer.length);
    assert.equal(record.created, '1970-01-01T00:00:00Z');
    assert.equal(store.inspect(`docker.io/${TEST_IMAGE}`)?.id, image.id);
    assert.equal(store.inspect(image.id.slice(7, 19))?.id, image.id, 'a short id prefix');
    assert.equal(store.inspect('berth-test/busybox:nope'), undefined);
    // The store is an OCI layout that names the image.
    const index = JSON.parse(await readFile(join(work.root, 'a', 'images', 'index.json'), 'utf8')) as { manifests: Array<{ annotations?: Record<string, string> }> };
    assert.equal(index.manifests[0]?.annotations?.['org.opencontainers.image.ref.name'], `docker.io/${TEST_IMAGE}`);
  });

  test('the rootfs is flattened once and cached', async () => {
    const path = await store.rootfs(image.id);
    assert.ok((await stat(join(path, 'bin', 'busybox'))).isFile());
    assert.equal(await readlink(join(path, 'bin', 'sh')), '/bin/busybox');
    assert.equal((await stat(join(path, 'tmp'))).mode & 0o7777, 0o1777);
    assert.equal(await store.rootfs(TEST_IMAGE), path);
  });

  test('a reopened store has the same images', async () => {
    const reopened = await ImageStore.open({ root: join(work.root, 'a') });
    assert.equal(reopened.inspect(TEST_IMAGE)?.id, image.id);
    await reopened.close();
  });

  test('save, then load into another store, gives the same image id', async () => {
    const archive = join(work.root, 'saved.tar');
    await pipeline(store.save([TEST_IMAGE]), createWriteStream(archive));
    const other = await ImageStore.open({ root: join(work.root, 'b') });
    assert.deepEqual(await other.load(createReadStream(archive)), [TEST_IMAGE]);
    assert.equal(other.inspect(TEST_IMAGE)?.id, image.id);
    await other.close();
  });

  test('what save writes is an OCI layout too: without manifest.json it loads as the same image', async () => {
    const saved: Buffer[] = [];
    for await (const chunk of store.save([TEST_IMAGE]) as AsyncIterable<Buffer>) saved.push(chunk);
    const ociOnly = tarPack();
    const extract = tarExtract();
    const names: string[] = [];
    const copied = new Promise<void>((resolve, reject) => {
      extract.on('entry', (header, stream, next) => {
        names.push(header.name);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (header.name === 'manifest.json' || header.name === 'repositories') next();
          else ociOnly.entry(header, Buffer.concat(chunks), next);
        });
      });
      extract.on('finish', () => {
        ociOnly.finalize();
        resolve();
      });
      extract.on('error', reject);
    });
    const packed: Buffer[] = [];
    const drained = (async () => {
      for await (const chunk of ociOnly as AsyncIterable<Buffer>) packed.push(chunk);
    })();
    extract.end(Buffer.concat(saved));
    await copied;
    await drained;
    assert.ok(names.includes('oci-layout') && names.includes('index.json'), `entries ${JSON.stringify(names)}`);
    const other = await ImageStore.open({ root: join(work.root, 'oci-only') });
    try {
      const loaded = await other.load(Readable.from([Buffer.concat(packed)]));
      assert.equal(loaded.length, 1);
      assert.equal(other.list()[0]?.id, image.id);
    } finally {
      await other.close();
    }
  });

  test('dockerd loads what save writes', async (t) => {
    const reason = await dockerSkipReason().then((why) => (why?.includes('lacks') ? undefined : why));
    if (reason !== undefined) {
      console.log(`# skipped: ${reason}`);
      t.skip(reason);
      return;
    }
    await store.tag(TEST_IMAGE, 'berth-test/saved-by-berthd:v1');
    const archive = join(work.root, 'for-docker.tar');
    await pipeline(store.save(['berth-test/saved-by-berthd:v1']), createWriteStream(archive));
    const output = await new Promise<string>((resolve, reject) =>
      execFile('docker', ['load', '-i', archive], { timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout))),
    );
    assert.match(output, /Loaded image: berth-test\/saved-by-berthd:v1/);
    const id = await new Promise<string>((resolve, reject) =>
      execFile('docker', ['image', 'inspect', '--format', '{{.Id}}', 'berth-test/saved-by-berthd:v1'], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
    );
    await new Promise((resolve) => execFile('docker', ['rmi', 'berth-test/saved-by-berthd:v1'], resolve));
    await store.remove('berth-test/saved-by-berthd:v1');
    assert.equal(id, image.id);
  });

  test('an OCI layout archive (the store itself, tarred) loads with its names', async () => {
    const layout = join(work.root, 'a', 'images');
    const pack = tarPack();
    const output = join(work.root, 'oci.tar');
    const writing = pipeline(pack as unknown as NodeJS.ReadableStream, createWriteStream(output));
    for (const name of ['oci-layout', 'index.json']) pack.entry({ name }, await readFile(join(layout, name)));
    for (const hex of await readdir(join(layout, 'blobs', 'sha256'))) pack.entry({ name: `blobs/sha256/${hex}` }, await readFile(join(layout, 'blobs', 'sha256', hex)));
    pack.finalize();
    await writing;
    const other = await ImageStore.open({ root: join(work.root, 'c') });
    assert.deepEqual(await other.load(createReadStream(output)), [TEST_IMAGE]);
    assert.equal(other.inspect(TEST_IMAGE)?.id, image.id);
    await other.close();
  });

  test('a gzip-compressed layer in a docker-save archive loads and is verified', async () => {
    const { gzipSync } = await import('node:zlib');
    const layer = await tarOf({ 'hello.txt': 'hi' });
    const config = configFor([layer]);
    const { sha256 } = await import('./fixtures.js');
    const archive = await tarOf({
      'manifest.json': JSON.stringify([{ Config: 'config.json', RepoTags: ['berth-test/gz:1'], Layers: ['layer.tar.gz'] }]),
      'config.json': config,
      'layer.tar.gz': gzipSync(layer),
    });
    assert.deepEqual(await store.load(streamOf(archive)), ['berth-test/gz:1']);
    assert.equal(store.inspect('berth-test/gz:1')?.id, sha256(config));
    assert.equal(store.inspect('berth-test/gz:1')?.size, layer.length);
    const broken = await tarOf({
      'manifest.json': JSON.stringify([{ Config: 'config.json', RepoTags: ['berth-test/broken:1'], Layers: ['layer.tar'] }]),
      'config.json': configFor([await tarOf({ 'other.txt': 'x' })]),
      'layer.tar': layer,
    });
    await assert.rejects(store.load(streamOf(broken)), (error: unknown) => error instanceof ImageError && error.kind === 'invalid' && /its config says/.test(error.message));
    assert.equal(store.inspect('berth-test/broken:1'), undefined);
    await store.remove('berth-test/gz:1');
  });

  test('tag adds a reference; remove of one tag only untags', async () => {
    await store.tag(TEST_IMAGE, 'localhost:5000/bb:v1');
    assert.deepEqual(store.inspect(TEST_IMAGE)?.repoTags, ['berth-test/busybox:latest', 'localhost:5000/bb:v1']);
    assert.deepEqual(await store.remove('localhost:5000/bb:v1'), [{ Untagged: 'localhost:5000/bb:v1' }]);
    assert.ok(store.inspect(TEST_IMAGE));
    await assert.rejects(store.tag(TEST_IMAGE, `x/y@sha256:${'a'.repeat(64)}`), (error: unknown) => (error as ImageError).kind === 'invalid');
    await assert.rejects(store.tag('berth-test/none:1', 'x/y:1'), (error: unknown) => (error as ImageError).kind === 'not_found');
  });

  test('an image a container uses is not removed without force; by id with two repositories neither', async () => {
    const inUse = (id: string): boolean => id === image.id;
    await assert.rejects(store.remove(TEST_IMAGE, { inUse }), (error: unknown) => (error as ImageError).kind === 'conflict');
    await assert.rejects(store.remove(image.id, { inUse }), (error: unknown) => (error as ImageError).kind === 'conflict');
    await store.tag(TEST_IMAGE, 'other/repo:1');
    await assert.rejects(store.remove(image.id), (error: unknown) => (error as ImageError).kind === 'conflict' && /multiple repositories/.test((error as Error).message));
    // Forced while in use: untagged, but the image (and its rootfs) stay for the container.
    assert.deepEqual(await store.remove(image.id, { inUse, force: true }), [{ Untagged: 'berth-test/busybox:latest' }, { Untagged: 'other/repo:1' }]);
    assert.deepEqual(store.inspect(image.id)?.repoTags, []);
    assert.ok(await stat(await store.rootfs(image.id)));
  });

  test('remove by id deletes the image, its blobs and its rootfs', async () => {
    const rootfs = await store.rootfs(image.id);
    assert.deepEqual(await store.remove(image.id), [{ Deleted: image.id }]);
    assert.equal(store.inspect(image.id), undefined);
    assert.deepEqual(await readdir(join(work.root, 'a', 'images', 'blobs', 'sha256')), []);
    await assert.rejects(lstat(rootfs), { code: 'ENOENT' });
    await assert.rejects(store.remove(image.id), (error: unknown) => (error as ImageError).kind === 'not_found');
    assert.deepEqual(store.list(), []);
  });
});
