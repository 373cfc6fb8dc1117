/**
 * Writes a start step's files (secrets and configs from `environment:` or
 * `content:`) into a created container, as one tar archive extracted at `/`:
 * each file with its mode, and its uid/gid when the reference gives them.
 */
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import type { Engine } from '../engine/index.js';
import type { ContainerFile } from '../plan/plan.js';

export async function copyFilesIn(engine: Engine, containerId: string, containerName: string, files: readonly ContainerFile[]): Promise<void> {
  if (files.length === 0) return;
  const archive = filesArchive(files);
  // Docker applies the archive's owners either way; copyUIDGID also maps them through the container's user, as Compose asks when uid or gid is set.
  const copyUidGid = files.some((file) => file.uid !== undefined || file.gid !== undefined);
  try {
    await engine.containers.copyTo(containerId, '/', archive, { copyUidGid });
  } catch (error) {
    const what = files.map((file) => `${file.kind} ${file.name} (${file.path})`).join(', ');
    throw new Error(`writing ${what} into container ${containerName} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** The tar archive of the files, paths relative to `/`. */
export function filesArchive(files: readonly ContainerFile[], mtime: Date = new Date()): Readable {
  const archive = pack();
  for (const file of files) {
    archive.entry({ name: file.path.replace(/^\/+/, ''), type: 'file', mode: file.mode, uid: file.uid ?? 0, gid: file.gid ?? 0, mtime }, file.content);
  }
  archive.finalize();
  return Readable.from(archive);
}
