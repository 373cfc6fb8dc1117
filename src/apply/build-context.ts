/**
 * The build context sent to the engine's (classic) build API: a tar of the
 * context directory without what `.dockerignore` excludes, as the Docker
 * CLI makes it. The ignore file is `<Dockerfile>.dockerignore` beside the
 * Dockerfile when there is one (BuildKit's rule), else `.dockerignore` at the
 * context root. The Dockerfile and the ignore file are always sent, even
 * when excluded. An inline Dockerfile, or one outside the context, is added
 * to the tar under a name of its own. Owners are reset to root, as the CLI
 * does. This file is the one place apply reads the file system.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import dockerignore, { type Ignore } from '@balena/dockerignore';
import { pack } from 'tar-fs';

export interface BuildContextInput {
  /** Absolute context directory. */
  readonly contextDir: string;
  /** The Dockerfile, relative to the context (or absolute); `Dockerfile` when absent. */
  readonly dockerfile?: string | undefined;
  /** Dockerfile text given in the compose file (`dockerfile_inline`); wins over `dockerfile`. */
  readonly dockerfileInline?: string | undefined;
}

export interface BuildContext {
  readonly tar: Readable;
  /** The Dockerfile's path inside the tar. */
  readonly dockerfile: string;
  /** Paths in the tar, relative to the context, in the order they are packed (for tests and `--dry-run`). */
  readonly entries: readonly string[];
}

/** Where an inline or outside Dockerfile goes in the tar (the Docker CLI uses a random `.dockerfile.*` name). */
export const ADDED_DOCKERFILE = '.dockerfile.berth';

export async function packBuildContext(input: BuildContextInput): Promise<BuildContext> {
  const contextDir = resolve(input.contextDir);
  const dockerfilePath = resolve(contextDir, input.dockerfile ?? 'Dockerfile');
  const dockerfileRelative = toSlash(relative(contextDir, dockerfilePath));
  const dockerfileInside = !dockerfileRelative.startsWith('../') && !isAbsolute(dockerfileRelative);

  let added: string | undefined;
  if (input.dockerfileInline !== undefined) added = input.dockerfileInline;
  else if (!dockerfileInside) added = await readFile(dockerfilePath, 'utf8');

  const { patterns, file: ignoreFile } = await readIgnoreFile(contextDir, dockerfileInside && added === undefined ? dockerfilePath : undefined);
  // The package is CommonJS; its function is also exported as `default`.
  const matcher = dockerignore.default().add(patterns);
  const exceptions = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => stripSlashes(pattern.slice(1)));
  const keep = new Set<string>();
  if (ignoreFile !== undefined) keep.add(ignoreFile);
  if (added === undefined) keep.add(dockerfileRelative);

  const entries = await walk(contextDir, matcher, exceptions, keep);
  const dockerfile = added === undefined ? dockerfileRelative : ADDED_DOCKERFILE;
  const tar = pack(contextDir, {
    entries: [...entries],
    // Children are listed in `entries` already; none is discovered twice.
    ignore: () => true,
    map: (header) => ({ ...header, uid: 0, gid: 0, uname: '', gname: '' }),
    finalize: added === undefined,
    finish: (packer) => {
      if (added === undefined) return;
      packer.entry({ name: ADDED_DOCKERFILE, mode: 0o644, uid: 0, gid: 0 }, added);
      packer.finalize();
    },
  }) as unknown as Readable;
  return { tar, dockerfile, entries: added === undefined ? entries : [...entries, ADDED_DOCKERFILE] };
}

async function readIgnoreFile(contextDir: string, dockerfilePath: string | undefined): Promise<{ patterns: string[]; file: string | undefined }> {
  const candidates = [...(dockerfilePath === undefined ? [] : [`${dockerfilePath}.dockerignore`]), join(contextDir, '.dockerignore')];
  for (const candidate of candidates) {
    let text: string;
    try {
      text = await readFile(candidate, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    return { patterns: parseIgnoreFile(text), file: toSlash(relative(contextDir, candidate)) };
  }
  return { patterns: [], file: undefined };
}

/** `.dockerignore` lines: `#` comments and blank lines dropped, whitespace trimmed. */
export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Every path the context keeps, parents before children, sorted. An excluded
 * directory is skipped whole unless an exception pattern reaches inside it;
 * then it is walked but only the kept paths below it are listed (Docker's
 * own walk, `TarWithOptions`).
 */
async function walk(contextDir: string, matcher: Ignore, exceptions: readonly string[], keep: ReadonlySet<string>): Promise<string[]> {
  const kept: string[] = [];
  const visit = async (relativeDir: string): Promise<void> => {
    const children: Dirent[] = await readdir(relativeDir === '' ? contextDir : join(contextDir, relativeDir), { withFileTypes: true });
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const path = relativeDir === '' ? child.name : `${relativeDir}/${child.name}`;
      const excluded = !keep.has(path) && matcher.ignores(path);
      if (child.isDirectory()) {
        if (!excluded) {
          kept.push(path);
          await visit(path);
        } else if (exceptions.some((pattern) => `${pattern}/`.startsWith(`${path}/`) || /[*?[\\]/.test(pattern)) || [...keep].some((file) => file.startsWith(`${path}/`))) {
          await visit(path);
        }
      } else if (!excluded) {
        kept.push(path);
      }
    }
  };
  await visit('');
  return kept;
}

function toSlash(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function stripSlashes(pattern: string): string {
  return pattern.replace(/^\/+/, '').replace(/\/+$/, '');
}
