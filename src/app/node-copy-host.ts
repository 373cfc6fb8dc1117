/**
 * `cp`'s local side on Node's filesystem: stat, and tar archives made and
 * extracted with tar-fs. Extraction keeps symlinks as they are (a
 * container's absolute links are normal) and does not change owners, as
 * `docker cp` does.
 */
import { lstat, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { extract, pack, type ExtractOptions, type Headers } from 'tar-fs';
import type { CopyHost } from './copy.js';
import { renameTop } from './copy-paths.js';

export function nodeCopyHost(workingDir: string): CopyHost {
  const local = (path: string): string => resolve(workingDir, path);
  return {
    async stat(path, options) {
      try {
        const found = await (options.followLinks ? stat : lstat)(local(path));
        return found.isDirectory() ? 'directory' : 'file';
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
        throw error;
      }
    },

    pack(path, topName, options) {
      const absolute = local(path);
      if (topName === '.') return pack(absolute, { dereference: options.followLinks }) as unknown as NodeJS.ReadableStream;
      const name = basename(absolute);
      return pack(dirname(absolute), {
        entries: [name],
        dereference: options.followLinks,
        map: (header) => ({ ...header, name: renameTop(header.name, name, topName) }),
      }) as unknown as NodeJS.ReadableStream;
    },

    async extract(archive, directory, rename) {
      const target = extract(local(directory), {
        // Not in @types/tar-fs: keep owners as they are, and links as the container has them.
        chown: false,
        validateSymlinks: false,
        map: (header: Headers & { linkname?: string | undefined }) => ({
          ...header,
          name: rename(header.name),
          // A hard link names another entry of the archive, which is renamed too.
          ...(header.type === 'link' && header.linkname !== undefined ? { linkname: rename(header.linkname) } : {}),
        }),
      } as ExtractOptions);
      // tar-fs streams are streamx streams, which node:stream's pipeline does not fully understand.
      await new Promise<void>((resolvePromise, reject) => {
        target.once('finish', () => resolvePromise());
        target.once('error', reject);
        archive.once('error', (error: Error) => {
          target.destroy(error);
          reject(error);
        });
        archive.pipe(target as unknown as NodeJS.WritableStream);
      });
    },
  };
}
