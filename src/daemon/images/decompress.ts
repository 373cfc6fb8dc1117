/**
 * Layer blobs come gzip-compressed (zlib), zstd-compressed (the `zstd`
 * binary: Node 20 has no zstd) or as plain tar. The format is read from the
 * first bytes, not trusted from the media type.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImageError } from './errors.js';

export type Compression = 'gzip' | 'zstd' | 'none';

export function compressionOf(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export async function fileCompression(path: string): Promise<Compression> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return compressionOf(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The uncompressed tar bytes of a layer file; a failing decompressor fails the stream. */
export async function openDecompressed(path: string): Promise<Readable> {
  const compression = await fileCompression(path);
  switch (compression) {
    case 'none':
      return createReadStream(path, { highWaterMark: 256 * 1024 });
    case 'gzip': {
      const input = createReadStream(path, { highWaterMark: 256 * 1024 });
      const gunzip = createGunzip({ chunkSize: 128 * 1024 });
      input.on('error', (error) => gunzip.destroy(error));
      gunzip.on('close', () => input.destroy());
      return input.pipe(gunzip);
    }
    case 'zstd': {
      const child = spawn('zstd', ['-d', '-c', '-q', path], { stdio: ['ignore', 'pipe', 'pipe'] });
      const output = new PassThrough({ highWaterMark: 256 * 1024 });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.stdout.pipe(output, { end: false });
      child.on('error', (error) =>
        output.destroy(new ImageError('unavailable', `cannot run zstd to decompress ${path}: ${error.message}; install zstd`, { cause: error })),
      );
      child.on('close', (code, signal) => {
        if (code === 0) output.end();
        else if (!output.destroyed) output.destroy(new ImageError('invalid', `zstd failed on ${path} (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
      });
      // A consumer that gives up must not leave zstd running.
      output.on('close', () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      return output;
    }
    default: {
      const unreachable: never = compression;
      throw new Error(`unknown compression ${String(unreachable)}`);
    }
  }
}
