/**
 * The store's metadata, one small JSON file (`repositories.json`) written
 * atomically: references (full reference → image id), images (id → the
 * manifest that names its config and layers) and layers (blob digest →
 * diff_id and uncompressed size, so identical layers are recognised however
 * they were compressed). The OCI layout's `index.json` is derived from it
 * and rewritten with it, so other OCI tools can read the store.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../state/documents.js';
import { ImageError } from './errors.js';
import type { Descriptor } from './oci-types.js';
import { MEDIA_TYPES } from './oci-types.js';

export interface StoredImage {
  /** The image manifest (never an index) that names the config and the layers. */
  readonly manifest: { readonly mediaType: string; readonly digest: string; readonly size: number };
}

export interface StoredLayer {
  readonly diffId: string;
  /** Uncompressed size; absent until the layer has been read once. */
  readonly sizeBytes?: number;
}

export interface MetadataDocument {
  readonly version: 1;
  /** `docker.io/library/busybox:latest` or `localhost:5000/x@sha256:…` → `sha256:<image id>`. */
  readonly references: Record<string, string>;
  readonly images: Record<string, StoredImage>;
  readonly layers: Record<string, StoredLayer>;
}

const FILE = 'repositories.json';
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

export async function readMetadata(directory: string): Promise<MetadataDocument> {
  const path = join(directory, FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, references: {}, images: {}, layers: {} };
    throw new ImageError('unavailable', `cannot read the image metadata ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const parsed = JSON.parse(text) as Partial<MetadataDocument>;
    return { version: 1, references: parsed.references ?? {}, images: parsed.images ?? {}, layers: parsed.layers ?? {} };
  } catch (error) {
    throw new ImageError('unavailable', `the image metadata ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Writes the metadata, then the OCI index that mirrors it (both atomically). */
export async function writeMetadata(directory: string, document: MetadataDocument): Promise<void> {
  await writeAtomically(
    join(directory, FILE),
    `${JSON.stringify({ version: 1, references: sorted(document.references), images: sorted(document.images), layers: sorted(document.layers) }, null, 1)}\n`,
  );
  const manifests: Descriptor[] = [];
  const named = new Set<string>();
  for (const [reference, id] of Object.entries(sorted(document.references))) {
    const image = document.images[id];
    if (image === undefined || reference.includes('@')) continue;
    named.add(id);
    manifests.push({ ...image.manifest, annotations: { [REF_NAME_ANNOTATION]: reference } });
  }
  // Untagged images stay in the index too, so an OCI garbage collector keeps their blobs.
  for (const [id, image] of Object.entries(sorted(document.images))) if (!named.has(id)) manifests.push({ ...image.manifest });
  await writeAtomically(join(directory, 'index.json'), `${JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests })}\n`, 0o644);
  await writeAtomically(join(directory, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}\n', 0o644);
}
