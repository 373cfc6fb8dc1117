/**
 * Applies one layer tar to a directory, safely: the flattened-rootfs
 * strategy (one directory per image chain) applies every layer on top of the
 * previous ones, so whiteouts become deletions here.
 *
 * Invariants: nothing is ever written outside `root`. Entry names with `..`
 * are refused; absolute names are taken relative to the root; no entry is
 * written through a symlink (every parent component must be a real
 * directory inside the root, else the layer is refused); hard links point
 * only at non-directories already inside the root. Character and block
 * devices are skipped with a warning (Node cannot mknod); fifos are made with
 * `mkfifo`. Mode (with setuid/setgid/sticky), owner and mtime are kept.
 *
 * File system calls are synchronous on purpose: a layer is thousands of tiny
 * operations, and a thread-pool round trip for each one made unpacking
 * several times slower; each call blocks for microseconds, and the event
 * loop still runs between entries while the tar stream is read.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { extract as tarExtract, type Header } from 'tar-stream';
import { ImageError } from './errors.js';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
const SMALL_FILE_BYTES = 1024 * 1024;

export interface ApplyLayerOptions {
  /** What the layer is, for messages: `layer sha256:… of busybox:latest`. */
  readonly what: string;
  readonly onWarning?: (message: string) => void;
  readonly signal?: AbortSignal | undefined;
}

export interface ApplyLayerResult {
  /** sha256 of the uncompressed tar: the layer's diff_id. */
  readonly diffId: string;
  readonly sizeBytes: number;
}

/** Splits a tar entry name into safe components; `..` anywhere refuses the layer. */
export function entryComponents(name: string, what: string): string[] {
  const components = name.split('/').filter((part) => part !== '' && part !== '.');
  if (components.includes('..')) throw new ImageError('invalid', `${what}: entry "${name}" points outside the root ('..'); the layer is refused`);
  if (components.some((part) => part.includes('\0'))) throw new ImageError('invalid', `${what}: entry "${name}" has a NUL byte`);
  return components;
}

class LayerWriter {
  /** Directories checked to be real directories inside the root (relative paths). */
  private readonly safeDirectories = new Set<string>(['']);
  /** Paths this layer wrote, which an opaque marker must keep. */
  private readonly written = new Set<string>();
  private readonly directoryTimes: Array<{ path: string; depth: number; mtime: Date }> = [];
  private readonly isRoot = process.getuid?.() === 0;

  constructor(
    private readonly root: string,
    private readonly options: ApplyLayerOptions,
  ) {}

  private refuse(name: string, why: string): ImageError {
    return new ImageError('invalid', `${this.options.what}: entry "${name}" ${why}; the layer is refused`);
  }

  /** Makes sure every parent of `components` is a real directory (created when missing, refused when a symlink). */
  private async ensureParents(components: readonly string[], name: string): Promise<void> {
    let relative = '';
    for (const part of components) {
      relative = relative === '' ? part : `${relative}/${part}`;
      if (this.safeDirectories.has(relative)) continue;
      const path = join(this.root, relative);
      const stats = lstatOrUndefined(path);
      if (stats === undefined) mkdirSync(path, { mode: 0o755 });
      else if (stats.isSymbolicLink()) throw this.refuse(name, `would be written through the symlink "/${relative}"`);
      else if (!stats.isDirectory()) throw this.refuse(name, `needs "/${relative}" to be a directory, but it is a file`);
      this.safeDirectories.add(relative);
    }
  }

  /** Forgets checked directories at and below `relative` (it is being replaced or deleted). */
  private forget(relative: string): void {
    if (!this.safeDirectories.has(relative)) return;
    for (const entry of [...this.safeDirectories]) {
      if (entry === relative || entry.startsWith(`${relative}/`)) this.safeDirectories.delete(entry);
    }
  }

  private removeExisting(relative: string, keepDirectory: boolean): 'directory' | 'other' | 'none' {
    const path = join(this.root, relative);
    const stats = lstatOrUndefined(path);
    if (stats === undefined) return 'none';
    if (keepDirectory && stats.isDirectory()) return 'directory';
    this.forget(relative);
    rmSync(path, { recursive: true, force: true });
    return 'other';
  }

  private needsChown(header: Header): boolean {
    return this.isRoot && (header.uid !== 0 || header.gid !== 0);
  }

  private setOwnerAndMode(path: string, header: Header): void {
    if (this.needsChown(header)) lchownSync(path, header.uid, header.gid);
    // chown clears setuid/setgid, so the mode comes after it.
    chmodSync(path, header.mode & 0o7777);
  }

  async entry(header: Header, stream: Readable): Promise<void> {
    const name = header.name;
    const components = entryComponents(name, this.options.what);
    const base = components.at(-1);
    const parents = components.slice(0, -1);
    const parentRelative = parents.join('/');
    if (base === undefined) {
      // The root itself ("./"): keep its mode and owner.
      stream.resume();
      if (header.type === 'directory') {
        this.setOwnerAndMode(this.root, header);
        this.directoryTimes.push({ path: this.root, depth: 0, mtime: header.mtime });
      }
      return;
    }
    await this.ensureParents(parents, name);
    if (base === OPAQUE_MARKER) {
      stream.resume();
      const directory = join(this.root, parentRelative);
      for (const child of readdirSync(directory)) {
        const relative = parentRelative === '' ? child : `${parentRelative}/${child}`;
        if (this.written.has(relative)) continue;
        this.forget(relative);
        rmSync(join(directory, child), { recursive: true, force: true });
      }
      return;
    }
    if (base.startsWith(WHITEOUT_PREFIX)) {
      stream.resume();
      const hidden = base.slice(WHITEOUT_PREFIX.length);
      if (hidden === '' || hidden === '.' || hidden === '..') throw this.refuse(name, 'is a whiteout of nothing');
      const relative = parentRelative === '' ? hidden : `${parentRelative}/${hidden}`;
      this.forget(relative);
      rmSync(join(this.root, relative), { recursive: true, force: true });
      return;
    }
    const relative = components.join('/');
    const path = join(this.root, relative);
    this.written.add(relative);
    switch (header.type) {
      case 'directory': {
        stream.resume();
        if (this.removeExisting(relative, true) !== 'directory') mkdirSync(path, { mode: 0o700 });
        this.safeDirectories.add(relative);
        this.setOwnerAndMode(path, header);
        this.directoryTimes.push({ path, depth: components.length, mtime: header.mtime });
        return;
      }
      case 'file':
      case 'contiguous-file': {
        this.removeExisting(relative, false);
        await writeFileFrom(path, stream, header, this.needsChown(header));
        return;
      }
      case 'symlink': {
        stream.resume();
        this.removeExisting(relative, false);
        // The target is stored as given: it is only ever resolved inside the container, and never by this writer.
        symlinkSync(header.linkname, path);
        if (this.needsChown(header)) lchownSync(path, header.uid, header.gid);
        lutimesSync(path, header.mtime, header.mtime);
        return;
      }
      case 'link': {
        stream.resume();
        const targetComponents = entryComponents(header.linkname, this.options.what);
        if (targetComponents.length === 0) throw this.refuse(name, 'is a hard link to the root');
        await this.ensureParents(targetComponents.slice(0, -1), name);
        const target = join(this.root, targetComponents.join('/'));
        const targetStats = lstatOrUndefined(target);
        if (targetStats === undefined) throw this.refuse(name, `is a hard link to "${header.linkname}", which is not in the layer's root`);
        if (targetStats.isDirectory()) throw this.refuse(name, `is a hard link to the directory "${header.linkname}"`);
        if (targetComponents.join('/') === relative) return;
        this.removeExisting(relative, false);
        linkSync(target, path);
        return;
      }
      case 'character-device':
      case 'block-device': {
        stream.resume();
        this.options.onWarning?.(`${this.options.what}: skipped device node /${relative} (${header.type} ${header.devmajor}:${header.devminor}); devices come from the runtime`);
        this.written.delete(relative);
        return;
      }
      case 'fifo': {
        stream.resume();
        this.removeExisting(relative, false);
        const made = await makeFifo(path, header.mode & 0o777);
        if (!made) {
          this.options.onWarning?.(`${this.options.what}: skipped fifo /${relative} (mkfifo is not available)`);
          return;
        }
        this.setOwnerAndMode(path, header);
        lutimesSync(path, header.mtime, header.mtime);
        return;
      }
      default: {
        const unreachable: never = header.type;
        stream.resume();
        this.options.onWarning?.(`${this.options.what}: skipped entry /${relative} of unknown type ${String(unreachable)}`);
      }
    }
  }

  /** Directory times last, deepest first: writing children changes them. */
  async finish(): Promise<void> {
    this.directoryTimes.sort((a, b) => b.depth - a.depth);
    for (const { path, mtime } of this.directoryTimes) {
      try {
        lutimesSync(path, mtime, mtime);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeFileFrom(path: string, stream: Readable, header: Header, chown: boolean): Promise<void> {
  // Small files are gathered first, so the file is opened and finished in one go.
  let chunks: Buffer[] | undefined;
  if (header.size <= SMALL_FILE_BYTES) {
    chunks = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  }
  // 'wx' never follows a symlink planted at the final name (removeExisting ran, so this also never races us).
  const descriptor = openSync(path, 'wx', 0o600);
  try {
    if (chunks !== undefined) {
      for (const chunk of chunks) writeAll(descriptor, chunk);
    } else {
      for await (const chunk of stream as AsyncIterable<Buffer>) writeAll(descriptor, chunk);
    }
    if (chown) fchownSync(descriptor, header.uid, header.gid);
    fchmodSync(descriptor, header.mode & 0o7777);
    futimesSync(descriptor, header.mtime, header.mtime);
  } finally {
    closeSync(descriptor);
  }
}

function writeAll(descriptor: number, chunk: Buffer): void {
  let offset = 0;
  while (offset < chunk.length) offset += writeSync(descriptor, chunk, offset, chunk.length - offset);
}

function makeFifo(path: string, mode: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    execFile('mkfifo', ['-m', mode.toString(8), '--', path], { timeout: 10_000 }, (error) => {
      if (error === null) return resolve(true);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(false);
      reject(new ImageError('unavailable', `mkfifo ${path} failed: ${error.message}`, { cause: error }));
    });
  });
}

/**
 * Applies the uncompressed tar `source` onto `root` and returns its diff_id
 * and size. On failure `root` is left part-way: callers apply into a
 * temporary directory and throw it away.
 */
export async function applyLayer(root: string, source: Readable, options: ApplyLayerOptions): Promise<ApplyLayerResult> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
  });
  const writer = new LayerWriter(root, options);
  const extract = tarExtract();
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      source.destroy();
      tap.destroy();
      extract.destroy();
      reject(error instanceof ImageError ? error : new ImageError('invalid', `${options.what}: ${(error as Error).message}`, { cause: error }));
    };
    const onAbort = (): void => fail(new ImageError('unavailable', `${options.what}: unpacking was cancelled`, { cause: options.signal?.reason }));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    source.on('error', fail);
    tap.on('error', fail);
    extract.on('error', fail);
    extract.on('entry', (header, stream, next) => {
      writer.entry(header, stream as unknown as Readable).then(
        () => next(),
        (error: unknown) => fail(error),
      );
    });
    extract.on('finish', () => {
      options.signal?.removeEventListener('abort', onAbort);
      if (!failed) writer.finish().then(resolve, fail);
    });
    source.pipe(tap).pipe(extract as unknown as NodeJS.WritableStream);
  });
  return { diffId: `sha256:${hash.digest('hex')}`, sizeBytes };
}
