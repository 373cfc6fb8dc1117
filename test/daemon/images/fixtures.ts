/**
 * Shared fixtures of the image store tests: the project's test image (read
 * from the `docker save` archive that scripts/test-images.sh builds), temp
 * roots, and small layers made in memory.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import { repoRoot } from '../../helpers/cli.js';

export const TEST_IMAGE = 'berth-test/busybox:latest';
export const TEST_ARCHIVE = join(repoRoot, '.cache', 'test-images', 'busybox.tar');

/** Builds the archive when it is missing (no network needed); the reason when it cannot. */
export function testArchiveSkipReason(): string | undefined {
  if (existsSync(TEST_ARCHIVE)) return undefined;
  try {
    execFileSync(join(repoRoot, 'scripts', 'test-images.sh'), ['--no-load'], { stdio: 'ignore', timeout: 120_000 });
  } catch (error) {
    return `${TEST_ARCHIVE} is missing and scripts/test-images.sh --no-load failed: ${(error as Error).message}`;
  }
  return existsSync(TEST_ARCHIVE) ? undefined : `${TEST_ARCHIVE} is missing; run scripts/test-images.sh`;
}

export interface TestImageParts {
  readonly id: string;
  readonly config: Buffer;
  /** The uncompressed layer tar. */
  readonly layer: Buffer;
}

export async function readTestImage(): Promise<TestImageParts> {
  const files = new Map<string, Buffer>();
  const extract = tarExtract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        files.set(header.name.replace(/^\.\//, ''), Buffer.concat(chunks));
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(readFileSync(TEST_ARCHIVE));
  await done;
  const manifest = JSON.parse((files.get('manifest.json') ?? Buffer.from('[]')).toString()) as Array<{ Config: string; Layers: string[] }>;
  const entry = manifest[0];
  if (entry === undefined) throw new Error(`${TEST_ARCHIVE} has no manifest.json entry`);
  const config = files.get(entry.Config);
  const layer = files.get(entry.Layers[0] ?? '');
  if (config === undefined || layer === undefined) throw new Error(`${TEST_ARCHIVE} lacks its config or layer`);
  return { id: sha256(config), config, layer };
}

export const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A tar of the given files, as a layer. */
export async function tarOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const pack = tarPack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (chunk: Buffer) => chunks.push(chunk));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const [name, content] of Object.entries(files)) {
    await new Promise<void>((resolve, reject) => pack.entry({ name, mode: 0o644, mtime: new Date(0) }, content, (error) => (error ? reject(error) : resolve())));
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** An image config for the given uncompressed layers. */
export function configFor(layers: readonly Buffer[], options: { architecture?: string; variant?: string; cmd?: string[] } = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: options.architecture ?? 'amd64',
      ...(options.variant === undefined ? {} : { variant: options.variant }),
      os: 'linux',
      created: '2024-01-01T00:00:00Z',
      config: { Cmd: options.cmd ?? ['sh'], Env: ['PATH=/bin'] },
      rootfs: { type: 'layers', diff_ids: layers.map((layer) => sha256(layer)) },
      history: layers.map(() => ({ created: '2024-01-01T00:00:00Z', created_by: 'berth test' })),
    }),
  );
}

export async function tempRoot(label: string): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), `berth-images-${label}-`));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

export function streamOf(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}
