/**
 * Image archives: `docker save` output (`manifest.json`, `repositories`,
 * `<id>.json` configs, layer tars, symlinked duplicates in older versions,
 * `blobs/sha256/…` in newer ones) and OCI image layouts (`index.json`,
 * `blobs/`), read for `load`; and for `save` one archive that is both, as
 * Docker 25 writes it: an OCI layout (`oci-layout`, `index.json`, every blob
 * under `blobs/sha256/`) whose `manifest.json` points at the same blobs, so
 * `docker load` (any version) and OCI tools read it alike.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import { ImageError } from './errors.js';
import { isIndexMediaType, isManifestMediaType, type Descriptor, type ImageIndex, type ImageManifest, type Platform } from './oci-types.js';
import { platformMatches } from './platform.js';
import { REF_NAME_ANNOTATION } from './metadata.js';
import { parseReference, referenceString } from './reference.js';

export interface StagedFile {
  readonly path: string;
  readonly digest: string;
  readonly sizeBytes: number;
}

export interface ArchiveImage {
  readonly configDigest: string;
  readonly configBytes: Buffer;
  readonly layers: readonly StagedFile[];
  /** References as the archive names them (`busybox:latest`, `docker.io/x/y:1`). */
  readonly names: readonly string[];
  /** The archive's own manifest when it has one (OCI layouts), to keep its digest. */
  readonly manifest?: { readonly mediaType: string; readonly bytes: Buffer } | undefined;
}

const CONTAINERD_NAME_ANNOTATION = 'io.containerd.image.name';

function normalName(name: string): string | undefined {
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..') || parts.length === 0) return undefined;
  return parts.join('/');
}

/** Writes every regular file of the archive to `staging`, hashing on the way; returns them by name. */
async function stage(input: NodeJS.ReadableStream, staging: string): Promise<Map<string, StagedFile>> {
  await mkdir(staging, { recursive: true, mode: 0o700 });
  const files = new Map<string, StagedFile>();
  const links = new Map<string, string>();
  const extract = tarExtract();
  let counter = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      extract.destroy();
      reject(error instanceof ImageError ? error : new ImageError('invalid', `the image archive cannot be read: ${(error as Error).message}`, { cause: error }));
    };
    input.on('error', fail);
    extract.on('error', fail);
    extract.on('entry', (header, stream, next) => {
      const name = normalName(header.name);
      const handle = async (): Promise<void> => {
        if (name === undefined) {
          stream.resume();
          return;
        }
        if (header.type === 'symlink' || header.type === 'link') {
          stream.resume();
          const target = header.type === 'symlink' ? posix.join(posix.dirname(name), header.linkname) : header.linkname;
          const resolved = normalName(target);
          if (resolved !== undefined) links.set(name, resolved);
          return;
        }
        if (header.type !== 'file' && header.type !== 'contiguous-file') {
          stream.resume();
          return;
        }
        const path = join(staging, String(counter++));
        const hash = createHash('sha256');
        const file = await open(path, 'w', 0o600);
        let sizeBytes = 0;
        try {
          for await (const chunk of stream as unknown as AsyncIterable<Buffer>) {
            hash.update(chunk);
            sizeBytes += chunk.length;
            await file.write(chunk);
          }
        } finally {
          await file.close();
        }
        files.set(name, { path, digest: `sha256:${hash.digest('hex')}`, sizeBytes });
      };
      handle().then(() => next(), fail);
    });
    extract.on('finish', () => {
      if (!failed) resolve();
    });
    input.pipe(extract as unknown as NodeJS.WritableStream);
  });
  for (let round = 0; round < 8; round++) {
    for (const [name, target] of links) {
      const file = files.get(target);
      if (file !== undefined && !files.has(name)) files.set(name, file);
    }
  }
  return files;
}

function need(files: Map<string, StagedFile>, name: string, what: string): StagedFile {
  const file = normalName(name) === undefined ? undefined : files.get(normalName(name) as string);
  if (file === undefined) throw new ImageError('invalid', `the image archive names ${what} "${name}", which it does not contain`);
  return file;
}

async function json<T>(file: StagedFile, what: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file.path, 'utf8')) as T;
  } catch (error) {
    throw new ImageError('invalid', `the image archive's ${what} is not valid JSON`, { cause: error });
  }
}

/** Reads a `docker save` or OCI archive into `staging`; the caller moves the files into the store. */
export async function readArchive(input: NodeJS.ReadableStream, staging: string, platform: Platform): Promise<ArchiveImage[]> {
  const files = await stage(input, staging);
  const dockerManifest = files.get('manifest.json');
  if (dockerManifest !== undefined) {
    const entries = await json<Array<{ Config?: string; RepoTags?: string[] | null; Layers?: string[] }>>(dockerManifest, 'manifest.json');
    if (!Array.isArray(entries)) throw new ImageError('invalid', "the image archive's manifest.json is not a list");
    const images: ArchiveImage[] = [];
    for (const entry of entries) {
      if (entry.Config === undefined || !Array.isArray(entry.Layers)) throw new ImageError('invalid', "an entry of the archive's manifest.json lacks Config or Layers");
      const config = need(files, entry.Config, 'the config');
      images.push({
        configDigest: config.digest,
        configBytes: await readFile(config.path),
        layers: entry.Layers.map((layer) => need(files, layer, 'the layer')),
        names: entry.RepoTags ?? [],
      });
    }
    return images;
  }
  const indexFile = files.get('index.json');
  if (indexFile === undefined) throw new ImageError('invalid', 'the archive is neither a docker save archive (manifest.json) nor an OCI layout (index.json)');
  const blob = (descriptor: Descriptor): StagedFile => {
    const file = need(files, `blobs/${descriptor.digest.replace(':', '/')}`, 'the blob');
    if (file.digest !== descriptor.digest) throw new ImageError('invalid', `the archive's blob ${descriptor.digest} does not match its digest`);
    return file;
  };
  const images: ArchiveImage[] = [];
  const visit = async (descriptor: Descriptor, names: string[], depth: number): Promise<void> => {
    if (depth > 4) throw new ImageError('invalid', 'the OCI archive nests indexes too deeply');
    const file = blob(descriptor);
    const bytes = await readFile(file.path);
    const document = JSON.parse(bytes.toString('utf8')) as ImageIndex & ImageManifest;
    const mediaType = descriptor.mediaType ?? document.mediaType;
    if (isIndexMediaType(mediaType) || (mediaType === undefined && Array.isArray(document.manifests))) {
      const chosen = (document.manifests ?? []).filter((entry) => entry.platform === undefined || platformMatches(platform, entry.platform));
      const first = chosen[0];
      if (first !== undefined) await visit(first, names, depth + 1);
      return;
    }
    if (!isManifestMediaType(mediaType) && document.config === undefined) return;
    const config = blob(document.config);
    images.push({
      configDigest: config.digest,
      configBytes: await readFile(config.path),
      layers: document.layers.map((layer) => blob(layer)),
      names,
      manifest: { mediaType: mediaType ?? document.mediaType ?? 'application/vnd.oci.image.manifest.v1+json', bytes },
    });
  };
  const index = await json<ImageIndex>(indexFile, 'index.json');
  for (const descriptor of index.manifests ?? []) {
    const annotations = descriptor.annotations ?? {};
    const fullName = annotations[CONTAINERD_NAME_ANNOTATION] ?? annotations[REF_NAME_ANNOTATION];
    // A bare tag ("latest") as ref.name names no repository: such an image loads untagged.
    const names = fullName !== undefined && /[/:]/.test(fullName) ? [fullName] : [];
    await visit(descriptor, names, 0);
  }
  return images;
}

export interface SaveLayer {
  readonly diffId: string;
  readonly sizeBytes: number;
  open(): Promise<Readable>;
}

export interface SaveImage {
  readonly id: string;
  readonly configBytes: Buffer;
  readonly layers: readonly SaveLayer[];
  /** Familiar names, `busybox:latest`. */
  readonly repoTags: readonly string[];
}

const EPOCH = new Date(0);

/** Writes a `docker save` archive of `images` into `pack`'s output; every layer once, uncompressed. */
export function writeArchive(images: readonly SaveImage[]): Readable {
  const pack = tarPack();
  const entry = (name: string, content: string | Buffer): Promise<void> =>
    new Promise((resolve, reject) => pack.entry({ name, mtime: EPOCH, mode: 0o644, uid: 0, gid: 0 }, content, (error) => (error ? reject(error) : resolve())));
  const directory = (name: string): Promise<void> =>
    new Promise((resolve, reject) => pack.entry({ name, type: 'directory', mtime: EPOCH, mode: 0o755, uid: 0, gid: 0 }, (error) => (error ? reject(error) : resolve())));
  const streamEntry = async (name: string, sizeBytes: number, source: Readable): Promise<void> => {
    let finished!: Promise<void>;
    const sink = pack.entry({ name, size: sizeBytes, mtime: EPOCH, mode: 0o644, uid: 0, gid: 0 }, (error) => {
      settle(error ?? undefined);
    });
    let settle!: (error: Error | undefined) => void;
    finished = new Promise((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (!sink.write(chunk)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
      }
    } catch (error) {
      sink.destroy(error as Error);
      throw error;
    }
    (sink as unknown as NodeJS.WritableStream).end();
    await finished;
  };
  void (async () => {
    const written = new Set<string>();
    const manifest: Array<{ Config: string; RepoTags: string[]; Layers: string[] }> = [];
    const repositories: Record<string, Record<string, string>> = {};
    const indexEntries: Array<Record<string, unknown>> = [];
    await directory('blobs/');
    await directory('blobs/sha256/');
    const blob = async (hex: string, content: Buffer): Promise<void> => {
      if (written.has(hex)) return;
      written.add(hex);
      await entry(`blobs/sha256/${hex}`, content);
    };
    for (const image of images) {
      const layerNames: string[] = [];
      for (const layer of image.layers) {
        // An uncompressed layer's digest is its diff_id: one blob serves both formats.
        const hex = layer.diffId.slice('sha256:'.length);
        layerNames.push(`blobs/sha256/${hex}`);
        if (written.has(hex)) continue;
        written.add(hex);
        await streamEntry(`blobs/sha256/${hex}`, layer.sizeBytes, await layer.open());
      }
      const configHex = image.id.slice('sha256:'.length);
      await blob(configHex, image.configBytes);
      manifest.push({ Config: `blobs/sha256/${configHex}`, RepoTags: [...image.repoTags], Layers: layerNames });
      const ociManifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: image.id, size: image.configBytes.length },
          layers: image.layers.map((layer) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer.diffId, size: layer.sizeBytes })),
        }),
      );
      const manifestHex = createHash('sha256').update(ociManifest).digest('hex');
      await blob(manifestHex, ociManifest);
      const descriptor = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${manifestHex}`, size: ociManifest.length };
      if (image.repoTags.length === 0) indexEntries.push(descriptor);
      for (const tag of image.repoTags) {
        const colon = tag.lastIndexOf(':');
        indexEntries.push({ ...descriptor, annotations: { 'io.containerd.image.name': referenceString(parseReference(tag)), [REF_NAME_ANNOTATION]: tag.slice(colon + 1) } });
      }
      const topLayer = image.layers.at(-1)?.diffId.slice('sha256:'.length) ?? '';
      for (const tag of image.repoTags) {
        const colon = tag.lastIndexOf(':');
        const repository = tag.slice(0, colon);
        (repositories[repository] ??= {})[tag.slice(colon + 1)] = topLayer;
      }
    }
    await entry('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await entry('index.json', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: indexEntries }));
    await entry('manifest.json', JSON.stringify(manifest));
    await entry('repositories', JSON.stringify(repositories));
    pack.finalize();
  })().catch((error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))));
  return pack as unknown as Readable;
}
