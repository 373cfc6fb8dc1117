/**
 * `docker cp`: the archive routes. Paths are resolved inside the
 * container's root filesystem the way the kernel would inside the container
 * (symlinks followed relative to the container's root, never out of it),
 * and a path under a mount is served from the mount's source.
 */
import { lstat, readlink, stat } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-fs';
import type { ContainerService } from '../containers/service.js';
import type { Router } from '../http/router.js';
import { ApiError, sendEmpty } from '../http/respond.js';

export function archiveRoutes(router: Router, containers: ContainerService): void {
  const locate = async (reference: string, path: string | null): Promise<string> => {
    if (path === null || path === '') throw ApiError.of('invalid', 'the "path" parameter is required');
    const { record, path: rootfs } = await containers.rootfs(reference);
    const containerPath = posix.resolve('/', path);
    // The deepest mount that covers the path serves it.
    const mount = [...(record.ResolvedMounts ?? [])]
      .filter((entry) => entry.kind !== 'tmpfs' && (containerPath === entry.target || containerPath.startsWith(`${entry.target.replace(/\/$/, '')}/`)))
      .sort((a, b) => b.target.length - a.target.length)[0];
    if (mount !== undefined && mount.source !== '') return resolveInRoot(mount.source, posix.relative(mount.target, containerPath));
    return resolveInRoot(rootfs, containerPath);
  };

  const statHeader = async (path: string): Promise<string> => {
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined) throw ApiError.of('not_found', `Could not find the file ${path} in container`);
    const linkTarget = info.isSymbolicLink() ? await readlink(path) : '';
    const mode = (info.mode & 0o777) | (info.isDirectory() ? 0x80000000 : 0) | (info.isSymbolicLink() ? 0x8000000 : 0);
    return Buffer.from(JSON.stringify({ name: basename(path), size: info.size, mode, mtime: info.mtime.toISOString(), linkTarget })).toString('base64');
  };

  router.add('HEAD', '/containers/{id}/archive', async ({ params, query, response }) => {
    const path = await locate(params['id'] ?? '', query.get('path'));
    response.writeHead(200, { 'X-Docker-Container-Path-Stat': await statHeader(path) });
    response.end();
  });

  router.add('GET', '/containers/{id}/archive', async ({ params, query, response }) => {
    const path = await locate(params['id'] ?? '', query.get('path'));
    const header = await statHeader(path);
    response.writeHead(200, { 'Content-Type': 'application/x-tar', 'X-Docker-Container-Path-Stat': header });
    await pipeline(tar.pack(dirname(path), { entries: [basename(path)], dereference: false }), response);
  });

  router.add('PUT', '/containers/{id}/archive', async ({ params, query, request, response }) => {
    const path = await locate(params['id'] ?? '', query.get('path'));
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw ApiError.of('not_found', `Could not find the file ${query.get('path')} in container`);
    if (!info.isDirectory()) throw ApiError.of('invalid', `extraction point ${query.get('path')} is not a directory`);
    // tar-fs refuses entries that would land outside the target (.., or through a symlink).
    await pipeline(request, tar.extract(path));
    sendEmpty(response, 200);
  });
}

/** `path` inside `root`, following symlinks as the container would see them, never leaving `root`. */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  const resolved: string[] = [];
  let hops = 0;
  while (parts.length > 0) {
    const part = parts.shift() as string;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = join(root, ...resolved, part);
    const info = await lstat(candidate).catch(() => undefined);
    // The last component stays as it is (cp copies a symlink, not its target).
    if (info?.isSymbolicLink() === true && parts.length > 0) {
      if (++hops > 40) throw ApiError.of('invalid', `too many levels of symbolic links in ${path}`);
      const target = await readlink(candidate);
      if (target.startsWith('/')) resolved.length = 0;
      parts.unshift(...target.split('/').filter((entry) => entry !== '' && entry !== '.'));
      continue;
    }
    resolved.push(part);
  }
  return join(root, ...resolved);
}
