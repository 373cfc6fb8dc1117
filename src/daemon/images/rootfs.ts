/**
 * Flattened root filesystems: one read-only directory per layer chain,
 * `<images>/rootfs/<chain id hex>`, used as the single overlay lowerdir of
 * containers. Built in a temporary directory (from a copy of the longest
 * chain that already exists, or empty), layer after layer, and renamed into
 * place only when complete, so a half-built rootfs never has a final name.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openDecompressed } from './decompress.js';
import { ImageError } from './errors.js';
import { applyLayer, type ApplyLayerResult } from './unpack.js';

const COPY_TIMEOUT_MS = 10 * 60_000;

/** OCI chain ids: the first is the first diff_id, each next one sha256("<previous> <diff_id>"). */
export function chainIds(diffIds: readonly string[]): string[] {
  const chains: string[] = [];
  for (const diffId of diffIds) {
    const previous = chains.at(-1);
    chains.push(previous === undefined ? diffId : `sha256:${createHash('sha256').update(`${previous} ${diffId}`).digest('hex')}`);
  }
  return chains;
}

export function rootfsPath(rootfsDirectory: string, chainId: string): string {
  return join(rootfsDirectory, chainId.slice('sha256:'.length));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** How many leading chains already have a rootfs (0 when none). */
export async function existingPrefix(rootfsDirectory: string, chains: readonly string[]): Promise<number> {
  for (let count = chains.length; count > 0; count--) {
    const chain = chains[count - 1];
    if (chain !== undefined && (await exists(rootfsPath(rootfsDirectory, chain)))) return count;
  }
  return 0;
}

function copyTree(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // cp -a keeps owners, modes, times, links and specials; reflinks make it cheap where the filesystem can.
    execFile('cp', ['-a', '--reflink=auto', `${from}/.`, to], { timeout: COPY_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error === null) return resolve();
      reject(new ImageError('unavailable', `copying the rootfs ${from} failed: ${stderr.trim() || error.message}`, { cause: error }));
    });
  });
}

/** A rootfs under construction. Lifecycle: start → apply (per layer, in order) → commit | discard. */
export class RootfsBuilder {
  private constructor(
    private readonly rootfsDirectory: string,
    readonly workDirectory: string,
  ) {}

  /** `parentChain`: an existing chain to start from (its layers are not applied again). */
  static async start(rootfsDirectory: string, workDirectory: string, parentChain: string | undefined): Promise<RootfsBuilder> {
    await mkdir(rootfsDirectory, { recursive: true, mode: 0o700 });
    await mkdir(workDirectory, { mode: 0o755 });
    const builder = new RootfsBuilder(rootfsDirectory, workDirectory);
    if (parentChain !== undefined) {
      try {
        await copyTree(rootfsPath(rootfsDirectory, parentChain), workDirectory);
      } catch (error) {
        await builder.discard();
        throw error;
      }
    }
    return builder;
  }

  /** Applies one layer blob and checks that its uncompressed digest is the config's diff_id. */
  async apply(blobPath: string, expectedDiffId: string, what: string, options: { onWarning?: (message: string) => void; signal?: AbortSignal | undefined }): Promise<ApplyLayerResult> {
    const source = await openDecompressed(blobPath);
    const result = await applyLayer(this.workDirectory, source, { what, ...options });
    if (result.diffId !== expectedDiffId) {
      throw new ImageError('invalid', `${what}: uncompressed content has digest ${result.diffId}, the image config says ${expectedDiffId}`);
    }
    return result;
  }

  async commit(chainId: string): Promise<string> {
    const target = rootfsPath(this.rootfsDirectory, chainId);
    try {
      await rename(this.workDirectory, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Someone else finished the same chain first: theirs is as good as ours.
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      await this.discard();
    }
    return target;
  }

  async discard(): Promise<void> {
    await rm(this.workDirectory, { recursive: true, force: true });
  }
}
