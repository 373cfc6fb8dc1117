import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pack } from 'tar-fs';
import { peekTarEntry } from './tar-peek.js';

async function collect(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

async function archiveOf(dir: string, entry: string): Promise<Buffer> {
  return collect(pack(dir, { entries: [entry] }) as unknown as AsyncIterable<Buffer>);
}

test('peekTarEntry names the first entry and its kind, and replays the archive byte for byte', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-tar-peek-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const longName = 'd'.repeat(120);
  await mkdir(join(dir, 'data', 'sub'), { recursive: true });
  await writeFile(join(dir, 'data', 'sub', 'b.txt'), 'deep\n');
  await writeFile(join(dir, 'file.txt'), 'hello\n');
  await writeFile(join(dir, longName), 'long\n');
  await symlink('/run', join(dir, 'link'));

  const cases: readonly [string, string, string, string][] = [
    ['data', 'data', 'directory', ''],
    ['file.txt', 'file.txt', 'file', ''],
    ['link', 'link', 'symlink', '/run'],
  ];
  for (const [entry, name, kind, linkTarget] of cases) {
    const archive = await archiveOf(dir, entry);
    const peeked = await peekTarEntry(Readable.from([archive.subarray(0, 100), archive.subarray(100)]));
    assert.deepEqual(peeked.entry, { name, kind, linkTarget }, entry);
    assert.deepEqual(await collect(peeked.stream), archive, `${entry} replayed`);
  }

  // A name over 100 characters comes after a pax header, which is skipped.
  const long = await peekTarEntry(Readable.from([await archiveOf(dir, longName)]));
  assert.equal(long.entry?.kind, 'file');
  long.stream.destroy();

  const empty = await peekTarEntry(Readable.from([Buffer.alloc(1024)]));
  assert.equal(empty.entry, undefined);
});
