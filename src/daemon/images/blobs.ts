/**
 * Content-addressed blobs in OCI layout: `<dir>/blobs/sha256/<hex>`. A blob
 * appears under its final name only complete and verified: downloads go to
 * `<dir>/ingest/<hex>` (kept across failures so a retry can resume with a
 * Range request), are hashed on the fly, fsynced, then renamed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImageError } from './errors.js';

const INGEST_KEEP_MS = 24 * 60 * 60 * 1000;

export function digestHex(digest: string): string {
  if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new ImageError('invalid', `"${digest}" is not a sha256 digest`);
  return digest.slice('sha256:'.length);
}

export interface IngestProgress {
  (currentBytes: number, totalBytes: number): void;
}

export class BlobStore {
  readonly blobDirectory: string;
  readonly ingestDirectory: string;
  readonly tempDirectory: string;

  private constructor(readonly directory: string) {
    this.blobDirectory = join(directory, 'blobs', 'sha256');
    this.ingestDirectory = join(directory, 'ingest');
    this.tempDirectory = join(directory, 'tmp');
  }

  static async open(directory: string): Promise<BlobStore> {
    const store = new BlobStore(directory);
    await mkdir(store.blobDirectory, { recursive: true, mode: 0o700 });
    await mkdir(store.ingestDirectory, { recursive: true, mode: 0o700 });
    // Temporary files belong to operations that died with an earlier daemon.
    await rm(store.tempDirectory, { recursive: true, force: true });
    // Partial downloads are kept for a retry to resume, but not forever.
    const staleBeforeMs = Date.now() - INGEST_KEEP_MS;
    for (const name of await readdir(store.ingestDirectory)) {
      const path = join(store.ingestDirectory, name);
      const stats = await stat(path).catch(() => undefined);
      if (stats !== undefined && stats.mtimeMs < staleBeforeMs) await rm(path, { force: true });
    }
    await mkdir(store.tempDirectory, { recursive: true, mode: 0o700 });
    return store;
  }

  path(digest: string): string {
    return join(this.blobDirectory, digestHex(digest));
  }

  async has(digest: string): Promise<boolean> {
    return stat(this.path(digest)).then(
      () => true,
      () => false,
    );
  }

  async read(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.path(digest));
    } catch (error) {
      throw new ImageError('not_found', `blob ${digest} is missing from the image store`, { cause: error });
    }
  }

  async size(digest: string): Promise<number> {
    return (await stat(this.path(digest))).size;
  }

  /** A fresh path under the store's temp directory (same filesystem, so renames are atomic). */
  tempPath(label: string): string {
    return join(this.tempDirectory, `${label}-${randomBytes(6).toString('hex')}`);
  }

  /** Stores bytes whose digest is known, verifying it. */
  async put(digest: string, bytes: Buffer): Promise<void> {
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== digest) throw new ImageError('invalid', `content for ${digest} has digest ${actual}`);
    if (await this.has(digest)) return;
    const temporary = this.tempPath('put');
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path(digest));
  }

  /** Moves a finished, already verified file into place under its digest. */
  async adopt(digest: string, file: string): Promise<void> {
    const handle = await open(file, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(file, this.path(digest));
  }

  /**
   * Writes a blob from `open(offset)`, resuming an earlier partial download:
   * `open` is given the number of bytes already there and answers with the
   * body stream and whether it starts at that offset (206) or at zero (200).
   */
  async ingest(
    digest: string,
    expectedSize: number | undefined,
    openBody: (offset: number) => Promise<{ body: Readable; fromOffset: boolean }>,
    onProgress?: IngestProgress,
  ): Promise<void> {
    const hex = digestHex(digest);
    const partial = join(this.ingestDirectory, hex);
    let offset = await stat(partial).then(
      (stats) => stats.size,
      () => 0,
    );
    if (expectedSize !== undefined && offset > expectedSize) offset = 0;
    const hash = createHash('sha256');
    if (offset > 0) {
      for await (const chunk of createReadStream(partial, { end: offset - 1 }) as AsyncIterable<Buffer>) hash.update(chunk);
    }
    const { body, fromOffset } = await openBody(offset);
    let written = fromOffset ? offset : 0;
    const restart = !fromOffset && offset > 0;
    const hashing = restart ? createHash('sha256') : hash;
    const total = expectedSize ?? 0;
    let lastReportMs = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hashing.update(chunk);
        written += chunk.length;
        if (expectedSize !== undefined && written > expectedSize) {
          callback(new ImageError('invalid', `blob ${digest} is larger than its descriptor's ${expectedSize} bytes`));
          return;
        }
        const nowMs = Date.now();
        if (onProgress !== undefined && nowMs - lastReportMs >= 100) {
          lastReportMs = nowMs;
          onProgress(written, total);
        }
        callback(null, chunk);
      },
    });
    await pipeline(body, tap, createWriteStream(partial, { flags: fromOffset && offset > 0 ? 'a' : 'w', mode: 0o600 }));
    const actual = `sha256:${hashing.digest('hex')}`;
    if (actual !== digest || (expectedSize !== undefined && written !== expectedSize)) {
      await rm(partial, { force: true });
      throw new ImageError('invalid', `blob ${digest}: the download has digest ${actual} and ${written} bytes${expectedSize === undefined ? '' : ` (expected ${expectedSize})`}`);
    }
    onProgress?.(written, total);
    await this.adopt(digest, partial);
  }

  async remove(digest: string): Promise<void> {
    await rm(this.path(digest), { force: true });
  }

  async list(): Promise<string[]> {
    return (await readdir(this.blobDirectory)).filter((name) => /^[a-f0-9]{64}$/.test(name)).map((hex) => `sha256:${hex}`);
  }
}
