/** The host side of HostConfig.Devices: a device node's type and numbers, for `SpecInput.resolveDevice`. */
import { statSync } from 'node:fs';
import { BerthError } from '../../errors.js';
import type { HostDevice } from './spec-resources.js';

export function statDevice(path: string): HostDevice {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    throw new BerthError('invalid_argument', `device ${path}: ${(error as Error).message}`, { cause: error });
  }
  const type = info.isCharacterDevice() ? 'c' : info.isBlockDevice() ? 'b' : undefined;
  if (type === undefined) throw new BerthError('invalid_argument', `device ${path} is not a character or block device`);
  const rdev = info.rdev;
  // glibc's gnu_dev_major/minor encoding.
  const major = ((rdev >>> 8) & 0xfff) | (Math.floor(rdev / 2 ** 32) & ~0xfff);
  const minor = (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);
  return { type, major, minor, fileMode: info.mode & 0o7777, uid: info.uid, gid: info.gid };
}
