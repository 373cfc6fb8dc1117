/**
 * Compose can load files from git repositories and OCI artifacts. berth
 * reads local files only, and says so by name instead of failing to read a
 * path that looks like a URL.
 */
import { BerthError } from '../../errors.js';

const REMOTE = /^(?:oci:\/\/|git@|git:\/\/|https?:\/\/|ssh:\/\/|github\.com\/)/;

export function refuseRemote(path: string, location?: { file: string; line: number; column: number }): void {
  if (REMOTE.test(path)) {
    throw new BerthError('invalid_project', `remote resources are not supported: ${path}; check it out or download it and use a local path`, { location });
  }
}
