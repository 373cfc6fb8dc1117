import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pack as tarPack, type Header } from 'tar-stream';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { ImageError } from '../../../src/daemon/images/errors.js';
import { applyLayer } from '../../../src/daemon/images/unpack.js';
import { openDecompressed } from '../../../src/daemon/images/decompress.js';

type Entry = Partial<Header> & { name: string; content?: string };

/** A layer tar built in memory, as an attacker (or a normal image) would write it. */
async function layer(entries: Entry[]): Promise<Buffer> {
  const pack = tarPack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (chunk: Buffer) => chunks.push(chunk));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const { content, ...header } of entries) {
    await new Promise<void>((resolve, reject) => pack.entry({ mode: 0o644, mtime: new Date(1_000_000_000_000), ...header }, content ?? '', (error) => (error ? reject(error) : resolve())));
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

let work: string;
let sentinel: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'berth-unpack-'));
  sentinel = join(work, 'sentinel');
  await mkdir(sentinel);
  await writeFile(join(sentinel, 'file'), 'untouched');
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

async function freshRoot(name: string): Promise<string> {
  const root = join(work, 'roots', name);
  await mkdir(root, { recursive: true });
  return root;
}

async function sentinelUntouched(): Promise<void> {
  assert.deepEqual((await readdir(sentinel)).sort(), ['file']);
  assert.equal(await readFile(join(sentinel, 'file'), 'utf8'), 'untouched');
}

async function apply(root: string, tar: Buffer, warnings: string[] = []): Promise<{ diffId: string; sizeBytes: number }> {
  return applyLayer(root, Readable.from([tar]), { what: 'test layer', onWarning: (message) => warnings.push(message) });
}

describe('unpacking layers safely', () => {
  const escapes: Array<[string, (root: string) => Entry[], RegExp]> = [
    ['a ".." entry', () => [{ name: '../sentinel/pwned', content: 'x' }], /outside the root/],
    ['a ".." in the middle', () => [{ name: 'a/../../sentinel/pwned', content: 'x' }], /outside the root/],
    ['a file through an absolute symlink', () => [{ name: 'evil', type: 'symlink', linkname: sentinel }, { name: 'evil/pwned', content: 'x' }], /through the symlink/],
    ['a file through a relative symlink', () => [{ name: 'evil', type: 'symlink', linkname: '../../sentinel' }, { name: 'evil/pwned', content: 'x' }], /through the symlink/],
    ['a directory through a symlink', () => [{ name: 'evil', type: 'symlink', linkname: sentinel }, { name: 'evil/sub/', type: 'directory' }], /through the symlink/],
    ['a hard link with ".."', () => [{ name: 'hl', type: 'link', linkname: '../sentinel/file' }], /outside the root/],
    ['a hard link to a host path', () => [{ name: 'hl', type: 'link', linkname: join(sentinel, 'file') }], /not in the layer's root/],
    ['a hard link through a symlink', () => [{ name: 'evil', type: 'symlink', linkname: sentinel }, { name: 'hl', type: 'link', linkname: 'evil/file' }], /through the symlink/],
    ['a whiteout through a symlink', () => [{ name: 'evil', type: 'symlink', linkname: sentinel }, { name: 'evil/.wh.file' }], /through the symlink/],
    ['an opaque marker through a symlink', () => [{ name: 'evil', type: 'symlink', linkname: sentinel }, { name: 'evil/.wh..wh..opq' }], /through the symlink/],
  ];
  for (const [kind, entries, message] of escapes) {
    test(`${kind} is refused and writes nothing outside the root`, async () => {
      const root = await freshRoot(kind.replace(/\W+/g, '-'));
      await assert.rejects(apply(root, await layer(entries(root))), (error: unknown) => {
        assert.ok(error instanceof ImageError, String(error));
        assert.equal(error.kind, 'invalid');
        assert.match(error.message, message);
        return true;
      });
      await sentinelUntouched();
    });
  }

  test('absolute names land inside the root', async () => {
    const root = await freshRoot('absolute');
    await apply(root, await layer([{ name: '/etc/hostname', content: 'inside' }]));
    assert.equal(await readFile(join(root, 'etc/hostname'), 'utf8'), 'inside');
    await sentinelUntouched();
  });

  test('a file replaces a symlink of the same name instead of writing through it', async () => {
    const root = await freshRoot('replace-symlink');
    await apply(root, await layer([{ name: 'target', type: 'symlink', linkname: join(sentinel, 'file') }]));
    assert.equal(await readlink(join(root, 'target')), join(sentinel, 'file'));
    await apply(root, await layer([{ name: 'target', content: 'replaced' }]));
    assert.equal(await readFile(join(root, 'target'), 'utf8'), 'replaced');
    await sentinelUntouched();
  });

  test('device nodes are skipped with a warning; fifos are made', async () => {
    const root = await freshRoot('devices');
    const warnings: string[] = [];
    await apply(root, await layer([{ name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3 }, { name: 'dev/sda', type: 'block-device', devmajor: 8, devminor: 0 }, { name: 'pipe', type: 'fifo', mode: 0o600 }]), warnings);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /device node \/dev\/null/);
    await assert.rejects(lstat(join(root, 'dev/null')), { code: 'ENOENT' });
    assert.ok((await lstat(join(root, 'pipe'))).isFIFO());
  });

  test('mode with setuid, owner, mtime and symlinks are kept; the diff_id is the tar digest', async () => {
    const root = await freshRoot('metadata');
    const tar = await layer([
      { name: 'bin/', type: 'directory', mode: 0o755 },
      { name: 'bin/su', content: '#!', mode: 0o4755, uid: 1000, gid: 1001 },
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'tmp/', type: 'directory', mode: 0o1777 },
    ]);
    const result = await apply(root, tar);
    assert.equal(result.diffId, `sha256:${createHash('sha256').update(tar).digest('hex')}`);
    assert.equal(result.sizeBytes, tar.length);
    const su = await stat(join(root, 'bin/su'));
    assert.equal(su.mode & 0o7777, 0o4755);
    if (process.getuid?.() === 0) {
      assert.equal(su.uid, 1000);
      assert.equal(su.gid, 1001);
    }
    assert.equal(su.mtimeMs, 1_000_000_000_000);
    assert.equal((await stat(join(root, 'bin'))).mtimeMs, 1_000_000_000_000, 'directory times are set after their children');
    assert.equal((await stat(join(root, 'tmp'))).mode & 0o7777, 0o1777);
    assert.equal(await readlink(join(root, 'bin/sh')), '/bin/busybox');
  });

  test('a hard link pair shares one inode', async () => {
    const root = await freshRoot('hardlinks');
    await apply(root, await layer([{ name: 'usr/bin/a', content: 'same', mode: 0o755 }, { name: 'usr/bin/b', type: 'link', linkname: 'usr/bin/a' }]));
    const [a, b] = await Promise.all([stat(join(root, 'usr/bin/a')), stat(join(root, 'usr/bin/b'))]);
    assert.equal(a.ino, b.ino);
    assert.equal(a.nlink, 2);
  });

  test('whiteouts delete and opaque markers empty what lower layers made, not what the same layer wrote', async () => {
    const root = await freshRoot('whiteouts');
    await apply(
      root,
      await layer([
        { name: 'a/1', content: '1' },
        { name: 'a/2', content: '2' },
        { name: 'b/x/deep', content: 'x' },
        { name: 'c', content: 'c' },
        { name: 'd/old', content: 'old' },
      ]),
    );
    await apply(
      root,
      await layer([
        { name: 'a/.wh.1' },
        { name: '.wh.c' },
        { name: 'b/.wh..wh..opq' },
        { name: 'b/y', content: 'y' },
        { name: 'd/new', content: 'new' },
        { name: 'd/.wh..wh..opq' },
      ]),
    );
    assert.deepEqual((await readdir(join(root, 'a'))).sort(), ['2']);
    await assert.rejects(lstat(join(root, 'c')), { code: 'ENOENT' });
    assert.deepEqual((await readdir(join(root, 'b'))).sort(), ['y']);
    assert.deepEqual((await readdir(join(root, 'd'))).sort(), ['new']);
    assert.ok(!(await readdir(root)).some((name) => name.startsWith('.wh.')), 'whiteout files themselves are not written');
  });

  test('a directory replaces a file and a file replaces a directory tree', async () => {
    const root = await freshRoot('type-change');
    await apply(root, await layer([{ name: 'x', content: 'file' }, { name: 'y/z', content: 'z' }]));
    await apply(root, await layer([{ name: 'x/', type: 'directory' }, { name: 'x/inner', content: 'i' }, { name: 'y', content: 'now a file' }]));
    assert.equal(await readFile(join(root, 'x/inner'), 'utf8'), 'i');
    assert.equal(await readFile(join(root, 'y'), 'utf8'), 'now a file');
  });

  test('gzip and zstd layers decompress to the same diff_id', async (t) => {
    const tar = await layer([{ name: 'hello', content: 'world' }]);
    const expected = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
    const gz = join(work, 'layer.tar.gz');
    await writeFile(gz, gzipSync(tar));
    assert.equal((await applyLayer(await freshRoot('gzip'), await openDecompressed(gz), { what: 'gzip layer' })).diffId, expected);
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    } catch {
      console.log('# skipped: zstd is not installed');
      t.skip('zstd is not installed');
      return;
    }
    const plain = join(work, 'layer.tar');
    await writeFile(plain, tar);
    execFileSync('zstd', ['-q', '-f', plain, '-o', `${plain}.zst`]);
    assert.equal((await applyLayer(await freshRoot('zstd'), await openDecompressed(`${plain}.zst`), { what: 'zstd layer' })).diffId, expected);
  });
});
