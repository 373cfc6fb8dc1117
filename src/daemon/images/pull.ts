/**
 * One pull: resolve the reference to a platform manifest (through an index
 * when there is one), fetch the config, download the missing layer blobs
 * (three at a time, each verified, resumable) and build the image's
 * flattened rootfs while the downloads run, layer after layer in order.
 * Nothing here touches the references: the store commits the result only
 * when everything is in place, so a pull cut off midway leaves no image.
 */
import { ImageError } from './errors.js';
import type { BlobStore } from './blobs.js';
import type { RegistryCredentials } from './credentials.js';
import {
  isIndexMediaType,
  isManifestMediaType,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type OciImageConfig,
  type Platform,
} from './oci-types.js';
import { formatPlatform, selectManifest } from './platform.js';
import { familiarRepository, type ImageReference, repositoryName } from './reference.js';
import { endpointsFor, RegistrySession, sha256Digest, type FetchedManifest } from './registry.js';
import { chainIds, existingPrefix, RootfsBuilder } from './rootfs.js';
import { forEachLimited } from './shared-task.js';
import type { StoredLayer } from './metadata.js';
import { readBody, withRetries } from './http.js';

export const PARALLEL_DOWNLOADS = 3;

export interface PullProgress {
  status: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
}

/** What a pull needs from the store. */
export interface PullContext {
  readonly blobs: BlobStore;
  readonly rootfsDirectory: string;
  readonly insecureRegistries: readonly string[];
  readonly registryMirrors: readonly string[];
  credentials(registryHost: string): Promise<RegistryCredentials | undefined>;
  /** Keeps a blob from being garbage-collected until the pull ends. */
  pin(digest: string): void;
  /** Shares one download of a blob between concurrent pulls. */
  downloadOnce(digest: string, download: () => Promise<void>): Promise<void>;
  /** Shares one build of a chain's rootfs; `build` runs only when no build of that chain is under way. */
  buildOnce(chainId: string, build: () => Promise<string>): Promise<string>;
  rememberLayer(blobDigest: string, layer: StoredLayer): void;
  knownLayer(blobDigest: string): StoredLayer | undefined;
  onWarning(message: string): void;
}

export interface PulledImage {
  readonly id: string;
  readonly manifest: { mediaType: string; digest: string; size: number };
  readonly manifestBody: Buffer;
  /** Digest of what the reference named: the index when there was one. */
  readonly repoDigest: string;
  readonly config: OciImageConfig;
}

const shortId = (digest: string): string => digest.slice('sha256:'.length, 'sha256:'.length + 12);

function progressBar(current: number, total: number): string {
  if (total <= 0) return '';
  const width = 50;
  const filled = Math.min(width, Math.floor((current / total) * width));
  const size = (bytes: number): string => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)}MB` : `${(bytes / 1e3).toFixed(2)}kB`);
  return `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}] ${size(current)}/${size(total)}`;
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (error) {
    throw new ImageError('invalid', `${what} is not valid JSON`, { cause: error });
  }
}

async function resolveManifest(session: RegistrySession, reference: ImageReference, platform: Platform, where: string): Promise<{ top: FetchedManifest; manifest: FetchedManifest }> {
  const top = await session.manifest(reference.digest ?? reference.tag ?? 'latest');
  if (isManifestMediaType(top.mediaType)) return { top, manifest: top };
  if (isIndexMediaType(top.mediaType)) {
    const index = parseJson<ImageIndex>(top.body, `the manifest list of ${where}`);
    const chosen = selectManifest(index.manifests ?? [], platform, where);
    const manifest = await session.manifest(chosen.digest);
    if (!isManifestMediaType(manifest.mediaType)) throw new ImageError('invalid', `${where}: the ${formatPlatform(platform)} entry of the manifest list is a ${manifest.mediaType}, not an image manifest`);
    return { top, manifest };
  }
  throw new ImageError('invalid', `${where}: unsupported manifest type "${top.mediaType}" (schema1 and other legacy formats are not supported)`);
}

async function fetchSmallBlob(context: PullContext, session: RegistrySession, descriptor: Descriptor): Promise<Buffer> {
  if (await context.blobs.has(descriptor.digest)) return context.blobs.read(descriptor.digest);
  const response = await session.blob(descriptor.digest);
  const bytes = await readBody(response, 16 * 1024 * 1024);
  if (sha256Digest(bytes) !== descriptor.digest) throw new ImageError('invalid', `blob ${descriptor.digest} of ${session.registry}/${session.repository} does not match its digest`);
  await context.blobs.put(descriptor.digest, bytes);
  return bytes;
}

/** Opens a session on the first endpoint that answers with the manifest; mirrors that fail are skipped. */
async function openSession(
  context: PullContext,
  reference: ImageReference,
  platform: Platform,
  credentials: RegistryCredentials | undefined,
  signal: AbortSignal,
): Promise<{ session: RegistrySession; top: FetchedManifest; manifest: FetchedManifest }> {
  const where = `${repositoryName(reference)}${reference.digest ? `@${reference.digest}` : `:${reference.tag ?? 'latest'}`}`;
  const endpoints = endpointsFor(reference.domain, context);
  let lastError: unknown;
  for (const endpoint of endpoints) {
    try {
      const session = await RegistrySession.open(endpoint, reference.domain, reference.path, credentials, signal);
      return { session, ...(await resolveManifest(session, reference, platform, where)) };
    } catch (error) {
      if (!endpoint.mirror || signal.aborted) throw error;
      context.onWarning(`mirror ${endpoint.base.origin} failed for ${where}, trying the next endpoint: ${(error as Error).message}`);
      lastError = error;
    }
  }
  throw lastError ?? new ImageError('unavailable', `no endpoint for ${reference.domain}`);
}

export async function pullImage(
  context: PullContext,
  reference: ImageReference,
  platform: Platform,
  explicitCredentials: RegistryCredentials | undefined,
  signal: AbortSignal,
  report: (progress: PullProgress) => void,
): Promise<PulledImage> {
  const tagOrDigest = reference.digest ?? reference.tag ?? 'latest';
  report({ status: `Pulling from ${familiarRepository(reference)}`, id: tagOrDigest });
  const credentials = explicitCredentials ?? (await context.credentials(reference.domain));
  const { session, top, manifest: fetched } = await openSession(context, reference, platform, credentials, signal);
  const where = `${repositoryName(reference)}:${tagOrDigest}`;
  const manifest = parseJson<ImageManifest>(fetched.body, `the manifest of ${where}`);
  if (manifest.config === undefined || !Array.isArray(manifest.layers)) throw new ImageError('invalid', `the manifest of ${where} has no config or no layers`);
  context.pin(manifest.config.digest);
  for (const layer of manifest.layers) context.pin(layer.digest);
  const configBytes = await fetchSmallBlob(context, session, manifest.config);
  const config = parseJson<OciImageConfig>(configBytes, `the image config of ${where}`);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new ImageError('invalid', `${where}: the manifest has ${manifest.layers.length} layers but the config ${diffIds.length} diff_ids`);
  }
  if (config.os !== undefined && config.os !== platform.os) {
    throw new ImageError('invalid', `${where} is for ${config.os}/${config.architecture}, not ${formatPlatform(platform)}`);
  }
  for (const layer of manifest.layers) report({ status: 'Pulling fs layer', id: shortId(layer.digest), progressDetail: {} });

  const chains = chainIds(diffIds);
  const finalChain = chains.at(-1);
  const present = await existingPrefix(context.rootfsDirectory, chains);
  const downloads = manifest.layers.map(() => {
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    promise.catch(() => undefined);
    return { promise, ...settle };
  });
  const downloading = forEachLimited(manifest.layers, PARALLEL_DOWNLOADS, async (layer, index) => {
    const id = shortId(layer.digest);
    try {
      if (await context.blobs.has(layer.digest)) {
        if (index < present) report({ status: 'Already exists', id, progressDetail: {} });
      } else {
        // A connection cut mid-blob is tried again from the bytes already on disk (a Range request).
        await context.downloadOnce(layer.digest, () =>
          withRetries(
            `download of layer ${layer.digest} from ${session.registry}`,
            () =>
              context.blobs.ingest(
                layer.digest,
                layer.size,
                async (offset) => {
                  const response = await session.blob(layer.digest, offset);
                  return { body: response.body, fromOffset: response.status === 206 };
                },
                (current, total) => report({ status: 'Downloading', id, progressDetail: { current, total }, progress: progressBar(current, total) }),
              ),
            { signal },
          ),
        );
        report({ status: 'Verifying Checksum', id, progressDetail: {} });
        report({ status: 'Download complete', id, progressDetail: {} });
        // Layers below an existing rootfs are stored, not unpacked again.
        if (index < present) report({ status: 'Pull complete', id, progressDetail: {} });
      }
      downloads[index]?.resolve();
    } catch (error) {
      downloads[index]?.reject(error);
      throw error;
    }
  });

  const extracting =
    finalChain === undefined || present === chains.length
      ? Promise.resolve()
      : context.buildOnce(finalChain, async () => {
          const parent = present > 0 ? chains[present - 1] : undefined;
          const builder = await RootfsBuilder.start(context.rootfsDirectory, context.blobs.tempPath('rootfs'), parent);
          try {
            for (let index = present; index < manifest.layers.length; index++) {
              const layer = manifest.layers[index] as Descriptor;
              const diffId = diffIds[index] as string;
              await downloads[index]?.promise;
              const id = shortId(layer.digest);
              report({ status: 'Extracting', id, progressDetail: { current: 0, total: layer.size } });
              const result = await builder.apply(context.blobs.path(layer.digest), diffId, `layer ${layer.digest} of ${where}`, { onWarning: context.onWarning, signal });
              context.rememberLayer(layer.digest, { diffId: result.diffId, sizeBytes: result.sizeBytes });
              report({ status: 'Pull complete', id, progressDetail: {} });
            }
            return await builder.commit(finalChain);
          } catch (error) {
            await builder.discard();
            throw error;
          }
        });
  extracting.catch(() => undefined);
  // Both run together; the first failure wins, and the other is awaited so nothing keeps writing afterwards.
  const [downloaded, extracted] = await Promise.allSettled([downloading, extracting]);
  if (downloaded.status === 'rejected') throw downloaded.reason;
  if (extracted.status === 'rejected') throw extracted.reason;
  for (const [index, layer] of manifest.layers.entries()) {
    const diffId = diffIds[index] as string;
    if (context.knownLayer(layer.digest) === undefined) context.rememberLayer(layer.digest, { diffId });
  }
  await context.blobs.put(fetched.digest, fetched.body);
  return {
    id: manifest.config.digest,
    manifest: { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.body.length },
    manifestBody: fetched.body,
    repoDigest: top.digest,
    config,
  };
}
