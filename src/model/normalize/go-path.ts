/**
 * Path text handled the way Go's `path.Clean` and `filepath.Join` do on Linux,
 * built on `node:path`'s posix functions. The difference that matters: Go
 * drops a trailing slash (`/a/b/` → `/a/b`), Node keeps it, and Compose output
 * is compared byte for byte with compose-go's.
 */
import { posix } from 'node:path';

/** Go `path.Clean`: lexical clean-up, no trailing slash, `.` for empty. */
export function cleanPath(text: string): string {
  const normalized = posix.normalize(text);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** Go `filepath.Join`: empty parts are ignored; all empty gives `''`. */
export function joinPath(...parts: readonly string[]): string {
  const present = parts.filter((part) => part !== '');
  return present.length === 0 ? '' : cleanPath(posix.join(...present));
}

/**
 * Whether a path is absolute for Windows (`C:\x`, `C:/x`, `\\server\share`).
 * compose-go keeps such paths as written even on Linux, so a file written
 * for a Windows client still loads.
 */
export function isWindowsAbsolute(text: string): boolean {
  // A drive (`C:`) followed by a separator, or any path opening with two separators (UNC, device paths).
  return /^[^\\/]:[\\/]/.test(text) || /^[\\/]{2}/.test(text);
}
