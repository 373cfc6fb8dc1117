/**
 * `berth images`: the image each of the project's containers (one-offs
 * included, every state) was created from, as Compose's table, a JSON array
 * or bare IDs (`-q`).
 */
import type { ContainerSummary, ImageInfo } from '../engine/index.js';
import { findContainers } from './project-containers.js';
import { humanDuration, humanSize } from './human-units.js';
import type { Session } from './session.js';
import type { ProjectTarget } from './target.js';
import { LISTING_LAYOUT, renderTable } from './text-table.js';

export type ImagesView = 'table' | 'json' | 'quiet';

/** One container's image, with Compose's JSON keys. */
export interface ImageEntry {
  readonly ID: string;
  readonly ContainerName: string;
  readonly Repository: string;
  readonly Tag: string;
  readonly Platform: string;
  readonly Size: number;
  readonly Created?: string;
}

export async function images(target: ProjectTarget, session: Session, options: { services: readonly string[]; view: ImagesView }): Promise<string> {
  const containers = await findContainers(session.engine, target, { services: options.services, oneOff: 'include', stopped: true });
  const entries = await Promise.all(containers.map(async (container) => imageEntry(container, await session.engine.images.inspect(container.image, session.signal))));
  return renderImages(entries, options.view, session.now());
}

/** What a container's image is; when the image is gone (removed, or its tag moved), what the container itself knows. */
export function imageEntry(container: Pick<ContainerSummary, 'name' | 'image' | 'imageId'>, image: ImageInfo | undefined): ImageEntry {
  const { repository, tag } = splitImageReference(container.image);
  if (image === undefined) return { ID: container.imageId, ContainerName: container.name, Repository: repository, Tag: tag, Platform: 'unknown', Size: 0 };
  const platform = image.platform === undefined || image.platform.os === '' ? 'unknown' : [image.platform.os, image.platform.architecture, image.platform.variant].filter((part) => part !== undefined && part !== '').join('/');
  return {
    ID: image.id,
    ContainerName: container.name,
    Repository: repository,
    Tag: tag,
    Platform: platform,
    Size: image.sizeBytes,
    ...(image.createdAt !== '' ? { Created: image.createdAt } : {}),
  };
}

/**
 * `registry/name:tag` → repository and tag as Docker's familiar names show
 * them: `docker.io/library/` dropped, `latest` when no tag is given, nothing
 * for an image ID or a digest-only reference.
 */
export function splitImageReference(reference: string): { repository: string; tag: string } {
  if (/^(sha256:)?[0-9a-f]{64}$/.test(reference)) return { repository: '', tag: '' };
  const [named = ''] = reference.split('@');
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const hasTag = colon > slash;
  let repository = hasTag ? named.slice(0, colon) : named;
  repository = repository.replace(/^docker\.io\//, '').replace(/^library\//, '');
  const tag = hasTag ? named.slice(colon + 1) : reference.includes('@') ? '' : 'latest';
  return { repository, tag };
}

export function renderImages(entries: readonly ImageEntry[], view: ImagesView, now: Date): string {
  const sorted = [...entries].sort((a, b) => (a.ContainerName < b.ContainerName ? -1 : a.ContainerName > b.ContainerName ? 1 : 0));
  switch (view) {
    case 'quiet':
      return [...new Set(sorted.map((entry) => entry.ID.replace(/^[^:]*:/, '')))].map((id) => `${id}\n`).join('');
    case 'json':
      return `${JSON.stringify(sorted)}\n`;
    case 'table': {
      const rows = sorted.map((entry) => [
        entry.ContainerName,
        entry.Repository === '' ? '<none>' : entry.Repository,
        entry.Tag === '' ? '<none>' : entry.Tag,
        entry.Platform,
        entry.ID.replace(/^[^:]*:/, '').slice(0, 12),
        humanSize(entry.Size),
        entry.Created === undefined ? 'N/A' : `${humanDuration(now.getTime() - Date.parse(entry.Created))} ago`,
      ]);
      return renderTable(['CONTAINER', 'REPOSITORY', 'TAG', 'PLATFORM', 'IMAGE ID', 'SIZE', 'CREATED'], rows, LISTING_LAYOUT);
    }
    default: {
      const unknown: never = view;
      throw new Error(`unknown images view ${String(unknown)}`);
    }
  }
}
