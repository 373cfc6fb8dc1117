/**
 * `docker cp`'s path rules, as pure decisions: which side is the container,
 * and — from what the source is and what exists at the destination — which
 * directory the archive is extracted into and what its top entry is called.
 *
 *   SRC file → DEST dir: DEST/<name of SRC>       SRC dir → DEST dir: DEST/<name of SRC>/…
 *   SRC file → DEST file or missing: DEST         SRC dir → DEST missing: DEST/…
 *   SRC ending in `/.` (a dir): its contents, into DEST
 *   DEST ending in `/` must be a directory; a directory never replaces a file.
 */
import { posix } from 'node:path';
import { BerthError } from '../errors.js';

export type CopyEndpoint = { readonly kind: 'local'; readonly path: string } | { readonly kind: 'service'; readonly service: string; readonly path: string };

/** `SERVICE:PATH` names a service; an absolute path, one starting with `.`, or one without `:` is local. */
export function parseCopyEndpoint(argument: string): CopyEndpoint {
  if (argument === '') throw new BerthError('invalid_argument', 'cp: a path cannot be empty');
  if (argument.startsWith('/')) return { kind: 'local', path: argument };
  const colon = argument.indexOf(':');
  if (colon < 0 || argument.startsWith('.')) return { kind: 'local', path: argument };
  return { kind: 'service', service: argument.slice(0, colon), path: argument.slice(colon + 1) };
}

export type PathKind = 'directory' | 'file' | 'missing';

export interface CopyLayout {
  /** The directory the archive is extracted into (it must exist). */
  readonly directory: string;
  /** What the archive's top entry is renamed to; `.` puts a directory's contents straight into `directory`. */
  readonly topName: string;
}

/**
 * Where a copy lands. `source` is the path as the user wrote it (a trailing
 * `/.` asks for a directory's contents); `destination` likewise (a trailing
 * `/` asserts a directory). `describe` names the destination in errors.
 */
export function copyLayout(source: { path: string; kind: Exclude<PathKind, 'missing'> }, destination: { path: string; kind: PathKind }, describe: string): CopyLayout {
  const contentsOnly = source.kind === 'directory' && /(^|\/)\.$/.test(source.path);
  const destinationPath = trimTrailingSlashes(destination.path);
  switch (destination.kind) {
    case 'directory':
      return { directory: destinationPath, topName: contentsOnly ? '.' : baseName(source.path) };
    case 'file':
      if (source.kind === 'directory') throw new BerthError('invalid_argument', `cannot copy a directory to ${describe}, which is a file; name a directory or a path that does not exist yet`);
      if (destination.path.endsWith('/')) throw new BerthError('invalid_argument', `${describe} is not a directory`);
      return { directory: posix.dirname(destinationPath), topName: posix.basename(destinationPath) };
    case 'missing':
      if (source.kind === 'file' && destination.path.endsWith('/')) throw new BerthError('invalid_argument', `the directory ${describe} does not exist; create it first, or leave out the trailing /`);
      return { directory: posix.dirname(destinationPath), topName: posix.basename(destinationPath) };
    default: {
      const unknown: never = destination.kind;
      throw new Error(`unknown path kind ${String(unknown)}`);
    }
  }
}

/**
 * An archive entry's name under a new top name: with top `src`, `src/a` →
 * `dest/a`; top name `.` drops the top directory (`src/a` → `a`).
 */
export function renameTop(entryName: string, fromTop: string, toTop: string): string {
  const name = entryName.replace(/\/+$/, '');
  const top = fromTop.replace(/\/+$/, '');
  if (name === top) return toTop;
  if (!name.startsWith(`${top}/`)) return name;
  const rest = name.slice(top.length + 1);
  return toTop === '.' ? rest : `${toTop}/${rest}`;
}

/** The last name of a path, trailing slashes and a trailing `/.` aside. */
export function baseName(path: string): string {
  return posix.basename(trimTrailingSlashes(path.replace(/\/\.$/, '/')));
}

function trimTrailingSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** Container paths are relative to the container's root. */
export function containerPath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}
