/**
 * `berth cp SERVICE:SRC DEST` and `berth cp SRC SERVICE:DEST`: files and
 * directories between the local filesystem and a service's containers,
 * with `docker cp`'s path rules (copy-paths.ts). Copying into a service
 * writes to every one of its containers (or the one `--index` names);
 * copying out reads from the first. `-` reads a tar from stdin, or writes
 * one to stdout.
 */
import { posix } from 'node:path';
import { BerthError } from '../errors.js';
import { isEngineError, type ContainerSummary, type Engine } from '../engine/index.js';
import { containerPath, copyLayout, parseCopyEndpoint, renameTop, type PathKind } from './copy-paths.js';
import { byContainerNumber, findContainers, serviceContainer } from './project-containers.js';
import type { Session } from './session.js';
import { peekTarEntry } from './tar-peek.js';
import type { ProjectTarget } from './target.js';

/** The local side of a copy: berth's filesystem, relative paths from its working directory. */
export interface CopyHost {
  /** What a local path is; a symlink counts as a file unless `followLinks`. */
  stat(path: string, options: { readonly followLinks: boolean }): Promise<PathKind>;
  /** A tar archive of a local path whose top entry is called `topName` (`.`: the directory's contents). */
  pack(path: string, topName: string, options: { readonly followLinks: boolean }): NodeJS.ReadableStream;
  /** Extracts an archive into an existing local directory, each entry name passed through `rename`. */
  extract(archive: NodeJS.ReadableStream, directory: string, rename: (entryName: string) => string): Promise<void>;
}

export interface CopyOptions {
  readonly source: string;
  readonly destination: string;
  /** `--index`: only this container of the service. */
  readonly index?: number | undefined;
  /** `--all`: one-off containers too. */
  readonly all: boolean;
  /** `-L`: copy what a local source symlink points to. */
  readonly followLink: boolean;
  /** `-a`: keep the archive's owners in the container. */
  readonly archive: boolean;
}

export interface CopyIo {
  readonly host: CopyHost;
  readonly stdin?: NodeJS.ReadableStream | undefined;
  readonly stdout: { write(chunk: Buffer | string): unknown };
}

export async function cp(target: ProjectTarget, session: Session, options: CopyOptions, io: CopyIo): Promise<void> {
  const source = parseCopyEndpoint(options.source);
  const destination = parseCopyEndpoint(options.destination);
  if (source.kind === 'service' && destination.kind === 'service') throw new BerthError('invalid_argument', 'cp copies between a service and the local filesystem, not between two services');
  if (source.kind === 'local' && destination.kind === 'local') throw new BerthError('invalid_argument', 'cp needs a service on one side: SERVICE:PATH');
  const service = source.kind === 'service' ? source.service : destination.kind === 'service' ? destination.service : '';
  const containers = await targetContainers(session.engine, target, service, options, source.kind === 'service' ? 'from' : 'to');

  await Promise.all(
    containers.map(async (container) => {
      const details = source.kind === 'service' ? `${container.name}:${source.path} to ${destination.path}` : `${source.path} to ${container.name}:${destination.path}`;
      session.onEvent({ type: 'status', resource: 'container', name: container.name, state: 'working', text: 'Copying', details });
      try {
        if (source.kind === 'service') await copyOut(session.engine, container, containerPath(source.path), destination.path, io);
        else await copyIn(session.engine, container, source.path, containerPath(destination.path), options, io);
      } catch (error) {
        session.onEvent({ type: 'status', resource: 'container', name: container.name, state: 'error', text: 'Error', details });
        throw error;
      }
      session.onEvent({ type: 'status', resource: 'container', name: container.name, state: 'done', text: 'Copied', details });
    }),
  );
}

async function targetContainers(engine: Engine, target: ProjectTarget, service: string, options: CopyOptions, direction: 'from' | 'to'): Promise<ContainerSummary[]> {
  if (options.index !== undefined) return [await serviceContainer(engine, target, service, { index: options.index, oneOff: 'exclude', stopped: true })];
  const containers = (await findContainers(engine, target, { services: [service], oneOff: options.all ? 'include' : 'exclude', stopped: true })).sort(byContainerNumber);
  if (containers.length === 0) throw new BerthError('invalid_argument', `no container found for service "${service}"; create it with \`berth up -d ${service}\``);
  return direction === 'from' ? containers.slice(0, 1) : containers;
}

async function copyOut(engine: Engine, container: ContainerSummary, sourcePath: string, destination: string, io: CopyIo): Promise<void> {
  const archive = await fetchArchive(engine, container, sourcePath);
  if (destination === '-') {
    for await (const chunk of archive as AsyncIterable<Buffer>) io.stdout.write(chunk);
    return;
  }
  const { entry, stream } = await peekTarEntry(archive);
  if (entry === undefined) throw new BerthError('engine', `the engine sent an empty archive for ${container.name}:${sourcePath}`);
  try {
    const layout = copyLayout({ path: sourcePath, kind: entry.kind === 'directory' ? 'directory' : 'file' }, { path: destination, kind: await io.host.stat(destination, { followLinks: true }) }, destination);
    if ((await io.host.stat(layout.directory, { followLinks: true })) !== 'directory') {
      throw new BerthError('invalid_argument', `the directory ${layout.directory} does not exist; create it first`);
    }
    await io.host.extract(stream, layout.directory, (name) => renameTop(name, entry.name, layout.topName));
  } finally {
    stream.destroy();
  }
}

async function copyIn(engine: Engine, container: ContainerSummary, source: string, destinationPath: string, options: CopyOptions, io: CopyIo): Promise<void> {
  const describe = `${container.name}:${destinationPath}`;
  if (source === '-') {
    if ((await containerPathKind(engine, container, destinationPath)) !== 'directory') throw new BerthError('invalid_argument', `${describe} must be a directory to extract a tar from stdin into`);
    if (io.stdin === undefined) throw new BerthError('invalid_argument', 'cp - needs a tar archive on standard input');
    await engine.containers.copyTo(container.id, destinationPath, io.stdin, { copyUidGid: options.archive });
    return;
  }
  const sourceKind = await io.host.stat(source, { followLinks: options.followLink });
  if (sourceKind === 'missing') throw new BerthError('invalid_argument', `cp: ${source} does not exist`);
  const layout = copyLayout({ path: source, kind: sourceKind }, { path: destinationPath, kind: await containerPathKind(engine, container, destinationPath) }, describe);
  const archive = io.host.pack(source.replace(/\/\.$/, '/'), layout.topName, { followLinks: options.followLink });
  try {
    await engine.containers.copyTo(container.id, layout.directory, archive, { copyUidGid: options.archive });
  } catch (error) {
    if (isEngineError(error, 'not_found')) throw new BerthError('invalid_argument', `cannot copy to ${describe}: the directory ${layout.directory} does not exist in the container`, { cause: error });
    throw error;
  }
}

/** The engine's archive of a container path; a missing path is the user's mistake, said as such. */
async function fetchArchive(engine: Engine, container: ContainerSummary, path: string): Promise<NodeJS.ReadableStream> {
  try {
    return await engine.containers.copyFrom(container.id, path);
  } catch (error) {
    if (isEngineError(error, 'not_found')) throw new BerthError('invalid_argument', `${container.name}:${path} does not exist`, { cause: error });
    throw error;
  }
}

/** What a container path is, from the first entry of its archive; a symlink is followed once (`/var/run` → `/run`). */
export async function containerPathKind(engine: Engine, container: ContainerSummary, path: string, hops = 1): Promise<PathKind> {
  let archive: NodeJS.ReadableStream;
  try {
    archive = await engine.containers.copyFrom(container.id, path);
  } catch (error) {
    if (isEngineError(error, 'not_found')) return 'missing';
    throw error;
  }
  const { entry, stream } = await peekTarEntry(archive);
  stream.destroy();
  if (entry === undefined) return 'missing';
  if (entry.kind === 'symlink' && hops > 0 && entry.linkTarget !== '') {
    const resolved = entry.linkTarget.startsWith('/') ? entry.linkTarget : posix.join(posix.dirname(path.replace(/\/+$/, '')), entry.linkTarget);
    return containerPathKind(engine, container, resolved, hops - 1);
  }
  return entry.kind === 'directory' ? 'directory' : 'file';
}
