/**
 * The image store of berthd, under `<root>/images/`:
 *
 *   oci-layout, index.json      an OCI image layout (index.json names every image)
 *   blobs/sha256/<hex>          manifests, configs and layer blobs, verified
 *   repositories.json           references → image ids, images, layers (metadata.ts)
 *   rootfs/<chain id hex>/      one flattened read-only root filesystem per layer chain
 *   ingest/<hex>                partial downloads, resumed by the next pull
 *   tmp/                        work files; emptied whenever the store opens
 *
 * Lifecycle: `open` reads the metadata and drops images whose blobs are gone;
 * every mutation updates memory, then rewrites the metadata atomically (one
 * writer at a time). An image exists only once its blobs and its rootfs are
 * complete: a pull that fails or is cancelled leaves no tag and no blob under
 * a final name that was not verified.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readArchive, writeArchive, type SaveImage } from './archive.js';
import { BlobStore } from './blobs.js';
import { dockerConfigCredentials, type CredentialLookup, type RegistryCredentials } from './credentials.js';
import { fileCompression, openDecompressed } from './decompress.js';
import { ImageError } from './errors.js';
import { readMetadata, writeMetadata, type StoredImage, type StoredLayer } from './metadata.js';
import { MEDIA_TYPES, type Descriptor, type ImageManifest, type OciImageConfig } from './oci-types.js';
import { formatPlatform, hostPlatform, parsePlatform } from './platform.js';
import { pullImage, type PullContext, type PullProgress } from './pull.js';
import { familiarName, parseReference, referenceString, repositoryName, withDefaultTag, type ImageReference } from './reference.js';
import { chainIds, existingPrefix, RootfsBuilder, rootfsPath } from './rootfs.js';
import { SharedTask } from './shared-task.js';

export interface ImageRecord {
  /** `sha256:<config digest hex>`. */
  id: string;
  /** Familiar names: `berth-test/busybox:latest`, `localhost:5000/bb:v1`. */
  repoTags: string[];
  /** `localhost:5000/bb@sha256:…`. */
  repoDigests: string[];
  config: OciImageConfig;
  /** ISO time from the config, or ''. */
  created: string;
  /** Sum of the uncompressed layer sizes (compressed size where not known yet). */
  size: number;
}

export interface ImageStoreOptions {
  root: string;
  insecureRegistries?: string[];
  registryMirrors?: string[];
  /** Where `config.json` with registry credentials lives; default `$DOCKER_CONFIG` or `~/.docker`. */
  dockerConfigDir?: string;
  onWarning?: (message: string) => void;
}

export interface PullOptions {
  platform?: string;
  credentials?: RegistryCredentials;
  onProgress?: (progress: PullProgress) => void;
  signal?: AbortSignal;
}

interface LiveImage {
  readonly id: string;
  readonly manifest: StoredImage['manifest'];
  readonly layers: readonly Descriptor[];
  readonly config: OciImageConfig;
  readonly configBytes: Buffer;
}

type RemoveRecord = { Untagged: string } | { Deleted: string };

const EMPTY_ROOTFS = 'empty';
const shortId = (id: string): string => id.slice('sha256:'.length, 'sha256:'.length + 12);

/** Docker's isSingleReference: at most one tag, and digest references only of that tag's repository. */
function isSingleReference(references: readonly string[]): boolean {
  if (references.length <= 1) return references.length === 1;
  const tags = references.filter((reference) => !reference.includes('@'));
  if (tags.length > 1) return false;
  const digestRepositories = new Set(references.filter((reference) => reference.includes('@')).map((reference) => reference.slice(0, reference.indexOf('@'))));
  const single = tags[0] ?? references[0] ?? '';
  const singleRepository = repositoryName(parseReference(single));
  return digestRepositories.size === 1 && digestRepositories.has(singleRepository);
}

export class ImageStore {
  private readonly images = new Map<string, LiveImage>();
  private readonly references = new Map<string, string>();
  private readonly layers = new Map<string, StoredLayer>();
  private readonly pulls = new Map<string, SharedTask<ImageRecord, PullProgress>>();
  private readonly downloads = new Map<string, Promise<void>>();
  private readonly builds = new Map<string, Promise<string>>();
  /** Blobs an unfinished pull or load relies on; removal never deletes them. */
  private readonly pinned = new Map<string, number>();
  private metadataQueue: Promise<void> = Promise.resolve();
  private readonly rootfsDirectory: string;
  private readonly credentialLookup: CredentialLookup;

  private constructor(
    private readonly directory: string,
    private readonly blobs: BlobStore,
    private readonly options: ImageStoreOptions,
  ) {
    this.rootfsDirectory = join(directory, 'rootfs');
    const configDirectory = options.dockerConfigDir ?? process.env['DOCKER_CONFIG'] ?? join(homedir(), '.docker');
    this.credentialLookup = dockerConfigCredentials(configDirectory);
  }

  static async open(options: ImageStoreOptions): Promise<ImageStore> {
    const directory = join(options.root, 'images');
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const blobs = await BlobStore.open(directory);
    const store = new ImageStore(directory, blobs, options);
    await mkdir(store.rootfsDirectory, { recursive: true, mode: 0o700 });
    const document = await readMetadata(directory);
    for (const [digest, layer] of Object.entries(document.layers)) store.layers.set(digest, layer);
    let dropped = false;
    for (const [id, stored] of Object.entries(document.images)) {
      try {
        store.images.set(id, await store.liveImage(id, stored.manifest));
      } catch (error) {
        dropped = true;
        store.warn(`image ${id} is dropped from the store: ${(error as Error).message}`);
      }
    }
    for (const [reference, id] of Object.entries(document.references)) if (store.images.has(id)) store.references.set(reference, id);
    if (dropped) await store.persist();
    return store;
  }

  private warn(message: string): void {
    this.options.onWarning?.(message);
  }

  private async liveImage(id: string, manifest: StoredImage['manifest']): Promise<LiveImage> {
    const manifestDocument = JSON.parse((await this.blobs.read(manifest.digest)).toString('utf8')) as ImageManifest;
    const configBytes = await this.blobs.read(id);
    return { id, manifest, layers: manifestDocument.layers, config: JSON.parse(configBytes.toString('utf8')) as OciImageConfig, configBytes };
  }

  /** Writes the metadata; writes are queued so each one sees the state of memory when it runs. */
  private persist(): Promise<void> {
    const run = async (): Promise<void> => {
      await writeMetadata(this.directory, {
        version: 1,
        references: Object.fromEntries(this.references),
        images: Object.fromEntries([...this.images].map(([id, image]) => [id, { manifest: image.manifest }])),
        layers: Object.fromEntries(this.layers),
      });
    };
    const next = this.metadataQueue.then(run, run);
    this.metadataQueue = next.catch(() => undefined);
    return next;
  }

  private pin(digests: readonly string[]): () => void {
    for (const digest of digests) this.pinned.set(digest, (this.pinned.get(digest) ?? 0) + 1);
    return () => {
      for (const digest of digests) {
        const count = (this.pinned.get(digest) ?? 1) - 1;
        if (count <= 0) this.pinned.delete(digest);
        else this.pinned.set(digest, count);
      }
    };
  }

  // ---- lookups ----

  /** The image a name or id stands for, and the reference it was found by (undefined when found by id). */
  private resolve(nameOrId: string): { image: LiveImage; reference: string | undefined } | undefined {
    let parsed: ImageReference | undefined;
    try {
      parsed = parseReference(nameOrId);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      const canonical = referenceString(withDefaultTag(parsed));
      const byReference = this.references.get(canonical) ?? (parsed.digest !== undefined ? this.references.get(`${repositoryName(parsed)}@${parsed.digest}`) : undefined);
      const image = byReference === undefined ? undefined : this.images.get(byReference);
      if (image !== undefined) return { image, reference: this.references.has(canonical) ? canonical : `${repositoryName(parsed)}@${parsed.digest}` };
    }
    const idMatch = /^(?:sha256:)?([a-f0-9]{4,64})$/.exec(nameOrId);
    if (idMatch === null) return undefined;
    const prefix = `sha256:${idMatch[1]}`;
    const exact = this.images.get(prefix);
    if (exact !== undefined) return { image: exact, reference: undefined };
    const candidates = [...this.images.keys()].filter((id) => id.startsWith(prefix));
    // An ambiguous prefix names no image, as in Docker.
    const only = candidates.length === 1 ? this.images.get(candidates[0] as string) : undefined;
    return only === undefined ? undefined : { image: only, reference: undefined };
  }

  private referencesOf(id: string): string[] {
    return [...this.references].filter(([, target]) => target === id).map(([reference]) => reference).sort();
  }

  private record(image: LiveImage): ImageRecord {
    const references = this.referencesOf(image.id);
    const size = image.layers.reduce((sum, layer) => sum + (this.layers.get(layer.digest)?.sizeBytes ?? layer.size), 0);
    return {
      id: image.id,
      repoTags: references.filter((reference) => !reference.includes('@')).map((reference) => familiarName(reference)),
      repoDigests: references.filter((reference) => reference.includes('@')).map((reference) => familiarName(reference)),
      config: image.config,
      created: typeof image.config.created === 'string' ? image.config.created : '',
      size,
    };
  }

  /** By full or familiar reference, by `sha256:…` id, or by a unique id prefix (at least 4 hex digits). */
  inspect(nameOrId: string): ImageRecord | undefined {
    const found = this.resolve(nameOrId);
    return found === undefined ? undefined : this.record(found.image);
  }

  /** Every image, newest first. */
  list(): ImageRecord[] {
    return [...this.images.values()]
      .map((image) => this.record(image))
      .sort((a, b) => (a.created === b.created ? (a.id < b.id ? -1 : 1) : a.created < b.created ? 1 : -1));
  }

  // ---- pull ----

  pull(reference: string, options: PullOptions = {}): Promise<ImageRecord> {
    const parsed = withDefaultTag(parseReference(reference));
    const platform = options.platform !== undefined && options.platform !== '' ? parsePlatform(options.platform) : hostPlatform();
    const key = `${referenceString(parsed)} ${formatPlatform(platform)}`;
    let task = this.pulls.get(key);
    if (task === undefined || task.cancelled) {
      const created = new SharedTask<ImageRecord, PullProgress>((signal, report) => this.runPull(parsed, platform, options.credentials, signal, report));
      task = created;
      this.pulls.set(key, created);
      const forget = (): void => {
        if (this.pulls.get(key) === created) this.pulls.delete(key);
      };
      created.promise.then(forget, forget);
    }
    return task.join(`pull of ${reference}`, options.signal, options.onProgress);
  }

  private pullContext(pinnedDigests: string[], signal: AbortSignal): PullContext {
    return {
      blobs: this.blobs,
      rootfsDirectory: this.rootfsDirectory,
      insecureRegistries: this.options.insecureRegistries ?? [],
      registryMirrors: this.options.registryMirrors ?? [],
      credentials: (host) => this.credentialLookup(host),
      pin: (digest) => {
        pinnedDigests.push(digest);
        this.pin([digest]);
      },
      downloadOnce: (digest, download) => this.joinOrRun(this.downloads, digest, download, signal),
      buildOnce: (chainId, build) => this.joinOrRun(this.builds, chainId, build, signal),
      rememberLayer: (digest, layer) => {
        const known = this.layers.get(digest);
        if (known?.sizeBytes === undefined || layer.sizeBytes !== undefined) this.layers.set(digest, layer);
      },
      knownLayer: (digest) => this.layers.get(digest),
      onWarning: (message) => this.warn(message),
    };
  }

  /**
   * Joins the same work of another pull, or runs it. When the other pull's
   * work fails (it was cancelled, say) and this pull still wants the result,
   * this pull runs the work itself.
   */
  private async joinOrRun<T>(map: Map<string, Promise<T>>, key: string, run: () => Promise<T>, signal: AbortSignal): Promise<T> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const running = map.get(key);
      if (running === undefined) break;
      try {
        return await running;
      } catch (error) {
        if (signal.aborted) throw error;
        // The other run failed; its map entry is gone by now, so the next round starts afresh.
        await Promise.resolve();
      }
    }
    return this.once(map, key, run);
  }

  private once<T>(map: Map<string, Promise<T>>, key: string, run: () => Promise<T>): Promise<T> {
    const running = map.get(key);
    if (running !== undefined) return running;
    const started = run();
    map.set(key, started);
    started.then(
      () => map.delete(key),
      () => map.delete(key),
    );
    return started;
  }

  private async runPull(
    reference: ImageReference,
    platform: ReturnType<typeof hostPlatform>,
    credentials: RegistryCredentials | undefined,
    signal: AbortSignal,
    report: (progress: PullProgress) => void,
  ): Promise<ImageRecord> {
    const pinnedDigests: string[] = [];
    try {
      const canonical = referenceString(reference);
      const before = this.references.get(canonical);
      const pulled = await pullImage(this.pullContext(pinnedDigests, signal), reference, platform, credentials, signal, report);
      if (signal.aborted) throw new ImageError('unavailable', `pull of ${familiarName(reference)} was cancelled`, { cause: signal.reason });
      const image = await this.liveImage(pulled.id, pulled.manifest);
      this.images.set(image.id, image);
      if (reference.tag !== undefined) this.references.set(canonical, image.id);
      this.references.set(`${repositoryName(reference)}@${pulled.repoDigest}`, image.id);
      await this.persist();
      report({ status: `Digest: ${pulled.repoDigest}` });
      report({ status: `Status: ${before === image.id ? 'Image is up to date' : 'Downloaded newer image'} for ${familiarName(reference)}` });
      return this.record(image);
    } finally {
      this.unpinAll(pinnedDigests);
    }
  }

  private unpinAll(digests: readonly string[]): void {
    for (const digest of digests) {
      const count = (this.pinned.get(digest) ?? 1) - 1;
      if (count <= 0) this.pinned.delete(digest);
      else this.pinned.set(digest, count);
    }
  }

  // ---- rootfs ----

  /** Absolute path of the image's flattened, read-only root filesystem; built on first use. */
  async rootfs(id: string): Promise<string> {
    const image = this.resolve(id)?.image;
    if (image === undefined) throw new ImageError('not_found', `No such image: ${id}`);
    const diffIds = image.config.rootfs?.diff_ids ?? [];
    const chains = chainIds(diffIds);
    const finalChain = chains.at(-1);
    if (finalChain === undefined) {
      const empty = join(this.rootfsDirectory, EMPTY_ROOTFS);
      await mkdir(empty, { recursive: true, mode: 0o755 });
      return empty;
    }
    const target = rootfsPath(this.rootfsDirectory, finalChain);
    if (await stat(target).then(() => true, () => false)) return target;
    const release = this.pin(image.layers.map((layer) => layer.digest));
    try {
      return await this.once(this.builds, finalChain, async () => {
        const present = await existingPrefix(this.rootfsDirectory, chains);
        if (present === chains.length) return target;
        const builder = await RootfsBuilder.start(this.rootfsDirectory, this.blobs.tempPath('rootfs'), present > 0 ? chains[present - 1] : undefined);
        try {
          for (let index = present; index < chains.length; index++) {
            const layer = image.layers[index];
            const diffId = diffIds[index];
            if (layer === undefined || diffId === undefined) throw new ImageError('invalid', `image ${image.id}: the manifest and the config disagree on the number of layers`);
            const result = await builder.apply(this.blobs.path(layer.digest), diffId, `layer ${layer.digest} of image ${shortId(image.id)}`, { onWarning: (message) => this.warn(message) });
            this.layers.set(layer.digest, { diffId: result.diffId, sizeBytes: result.sizeBytes });
          }
          const path = await builder.commit(finalChain);
          await this.persist();
          return path;
        } catch (error) {
          await builder.discard();
          throw error;
        }
      });
    } finally {
      release();
    }
  }

  // ---- tag and remove ----

  async tag(source: string, target: string): Promise<void> {
    const image = this.resolve(source)?.image;
    if (image === undefined) throw new ImageError('not_found', `No such image: ${source}`);
    const parsed = parseReference(target);
    if (parsed.digest !== undefined) throw new ImageError('invalid', `refusing to create a tag with a digest reference: ${target}`);
    this.references.set(referenceString(withDefaultTag(parsed)), image.id);
    await this.persist();
  }

  /** Docker's semantics: untag the reference (or every reference, given an id); delete the image when none is left. */
  async remove(nameOrId: string, options: { force?: boolean; inUse?: (id: string) => boolean } = {}): Promise<RemoveRecord[]> {
    const found = this.resolve(nameOrId);
    if (found === undefined) throw new ImageError('not_found', `No such image: ${nameOrId}`);
    const { image, reference } = found;
    const force = options.force === true;
    const inUse = options.inUse?.(image.id) === true;
    const references = this.referencesOf(image.id);
    const records: RemoveRecord[] = [];
    const untag = (name: string): void => {
      this.references.delete(name);
      records.push({ Untagged: familiarName(name) });
    };
    if (reference !== undefined) {
      if (!force && inUse && isSingleReference(references)) {
        throw new ImageError('conflict', `conflict: unable to remove repository reference "${nameOrId}" (must force) - a container is using its referenced image ${shortId(image.id)}`);
      }
      untag(reference);
      if (!reference.includes('@')) {
        const repository = reference.slice(0, reference.lastIndexOf(':'));
        const remaining = this.referencesOf(image.id);
        // With the repository's last tag gone, its digest references go too (Docker does the same).
        if (!remaining.some((other) => !other.includes('@') && other.slice(0, other.lastIndexOf(':')) === repository)) {
          for (const other of remaining) if (other.startsWith(`${repository}@`)) untag(other);
        }
      }
      if (this.referencesOf(image.id).length > 0 || inUse) {
        await this.persist();
        return records;
      }
    } else {
      if (inUse && !force) {
        throw new ImageError('conflict', `conflict: unable to delete ${shortId(image.id)} (must be forced) - image is being used by a container`);
      }
      if (references.length > 1 && !force && !isSingleReference(references)) {
        throw new ImageError('conflict', `conflict: unable to delete ${shortId(image.id)} (must be forced) - image is referenced in multiple repositories`);
      }
      for (const name of references) untag(name);
      if (inUse) {
        await this.persist();
        return records;
      }
    }
    this.images.delete(image.id);
    records.push({ Deleted: image.id });
    await this.persist();
    await this.collect(image);
    return records;
  }

  /** Deletes the blobs and the rootfs of a deleted image that no other image (or unfinished pull) uses. */
  private async collect(deleted: LiveImage): Promise<void> {
    const used = new Set<string>(this.pinned.keys());
    const usedChains = new Set<string>();
    for (const image of this.images.values()) {
      used.add(image.id).add(image.manifest.digest);
      for (const layer of image.layers) used.add(layer.digest);
      const chain = chainIds(image.config.rootfs?.diff_ids ?? []).at(-1);
      if (chain !== undefined) usedChains.add(chain);
    }
    for (const digest of [deleted.id, deleted.manifest.digest, ...deleted.layers.map((layer) => layer.digest)]) {
      if (used.has(digest) || this.pinned.has(digest)) continue;
      await this.blobs.remove(digest);
      this.layers.delete(digest);
    }
    const chain = chainIds(deleted.config.rootfs?.diff_ids ?? []).at(-1);
    if (chain !== undefined && !usedChains.has(chain) && !this.builds.has(chain)) {
      await rm(rootfsPath(this.rootfsDirectory, chain), { recursive: true, force: true });
    }
    await this.persist();
  }

  // ---- load and save ----

  /** Loads a `docker save` or OCI archive; answers Docker's "Loaded image: x:tag" names (or "sha256:…" for untagged images). */
  async load(archive: NodeJS.ReadableStream, onProgress?: (progress: PullProgress) => void): Promise<string[]> {
    const staging = this.blobs.tempPath('load');
    const pinnedDigests: string[] = [];
    try {
      const images = await readArchive(archive, staging, hostPlatform());
      const loaded: string[] = [];
      for (const archived of images) {
        const config = JSON.parse(archived.configBytes.toString('utf8')) as OciImageConfig;
        const diffIds = config.rootfs?.diff_ids ?? [];
        if (diffIds.length !== archived.layers.length) {
          throw new ImageError('invalid', `image ${archived.configDigest} in the archive has ${archived.layers.length} layers but its config ${diffIds.length} diff_ids`);
        }
        const descriptors: Descriptor[] = [];
        for (const [index, file] of archived.layers.entries()) {
          const diffId = diffIds[index] as string;
          pinnedDigests.push(file.digest);
          this.pin([file.digest]);
          const compression = await fileCompression(file.path);
          let sizeBytes = file.sizeBytes;
          if (compression === 'none') {
            if (file.digest !== diffId) throw new ImageError('invalid', `layer ${index + 1} of image ${archived.configDigest} in the archive has digest ${file.digest}, its config says ${diffId}`);
          } else {
            const measured = await measure(await openDecompressed(file.path));
            if (measured.digest !== diffId) throw new ImageError('invalid', `layer ${index + 1} of image ${archived.configDigest} in the archive uncompresses to ${measured.digest}, its config says ${diffId}`);
            sizeBytes = measured.sizeBytes;
          }
          if (!(await this.blobs.has(file.digest))) await this.blobs.adopt(file.digest, file.path);
          this.layers.set(file.digest, { diffId, sizeBytes });
          const mediaType = compression === 'none' ? MEDIA_TYPES.dockerLayer : compression === 'gzip' ? MEDIA_TYPES.dockerLayerGzip : MEDIA_TYPES.ociLayerZstd;
          descriptors.push({ mediaType, digest: file.digest, size: file.sizeBytes });
        }
        await this.blobs.put(archived.configDigest, archived.configBytes);
        const manifestBytes =
          archived.manifest?.bytes ??
          Buffer.from(
            JSON.stringify({
              schemaVersion: 2,
              mediaType: MEDIA_TYPES.dockerManifest,
              config: { mediaType: MEDIA_TYPES.dockerConfig, size: archived.configBytes.length, digest: archived.configDigest },
              layers: descriptors,
            }),
          );
        const manifestDigest = `sha256:${createHash('sha256').update(manifestBytes).digest('hex')}`;
        await this.blobs.put(manifestDigest, manifestBytes);
        const image = await this.liveImage(archived.configDigest, {
          mediaType: archived.manifest?.mediaType ?? MEDIA_TYPES.dockerManifest,
          digest: manifestDigest,
          size: manifestBytes.length,
        });
        this.images.set(image.id, image);
        if (archived.names.length === 0) {
          loaded.push(image.id);
          onProgress?.({ status: `Loaded image ID: ${image.id}` });
        }
        for (const name of archived.names) {
          const parsed = withDefaultTag(parseReference(name));
          this.references.set(referenceString(parsed), image.id);
          loaded.push(familiarName(parsed));
          onProgress?.({ status: `Loaded image: ${familiarName(parsed)}` });
        }
      }
      await this.persist();
      return loaded;
    } finally {
      this.unpinAll(pinnedDigests);
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** A `docker save` archive of the named images (`docker load` reads it). Unknown names throw at once. */
  save(names: string[]): NodeJS.ReadableStream {
    const chosen = names.map((name) => {
      const found = this.resolve(name);
      if (found === undefined) throw new ImageError('not_found', `No such image: ${name}`);
      return found;
    });
    const output = new PassThrough();
    void (async () => {
      const byId = new Map<string, SaveImage>();
      for (const { image, reference } of chosen) {
        const tags = reference !== undefined && !reference.includes('@') ? [familiarName(reference)] : [];
        const existing = byId.get(image.id);
        if (existing !== undefined) {
          byId.set(image.id, { ...existing, repoTags: [...new Set([...existing.repoTags, ...tags])] });
          continue;
        }
        const diffIds = image.config.rootfs?.diff_ids ?? [];
        const layers = [];
        for (const [index, layer] of image.layers.entries()) {
          let known = this.layers.get(layer.digest);
          if (known?.sizeBytes === undefined) {
            const measured = await measure(await openDecompressed(this.blobs.path(layer.digest)));
            known = { diffId: measured.digest, sizeBytes: measured.sizeBytes };
            this.layers.set(layer.digest, known);
          }
          const path = this.blobs.path(layer.digest);
          layers.push({ diffId: diffIds[index] ?? known.diffId, sizeBytes: known.sizeBytes as number, open: () => openDecompressed(path) });
        }
        byId.set(image.id, { id: image.id, configBytes: image.configBytes, layers, repoTags: tags });
      }
      await pipeline(writeArchive([...byId.values()]), output);
    })().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
    return output;
  }

  async close(): Promise<void> {
    await this.metadataQueue;
  }
}

async function measure(source: Readable): Promise<{ digest: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    hash.update(chunk);
    sizeBytes += chunk.length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, sizeBytes };
}
