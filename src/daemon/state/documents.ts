/**
 * One JSON document per object, written atomically: a temp file in the same
 * directory, fsync, rename, then fsync of the directory. A crash leaves either
 * the old or the new document, never half of one; stray temp files from a
 * crash are removed when the store opens.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export class DocumentStore<T> {
  private constructor(private readonly directory: string) {}

  static async open<T>(directory: string): Promise<DocumentStore<T>> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    for (const entry of await readdir(directory)) {
      if (entry.includes('.tmp-')) await rm(join(directory, entry), { force: true });
    }
    return new DocumentStore<T>(directory);
  }

  async put(key: string, value: T): Promise<void> {
    await writeAtomically(join(this.directory, fileName(key)), `${JSON.stringify(value, null, 1)}\n`);
  }

  async get(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(join(this.directory, fileName(key)), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(join(this.directory, fileName(key)), { force: true });
    await syncDirectory(this.directory);
  }

  /** Every document, keyed by its key. A document that does not parse is reported, not dropped silently. */
  async all(onBroken?: (key: string, error: Error) => void): Promise<Map<string, T>> {
    const documents = new Map<string, T>();
    for (const entry of (await readdir(this.directory)).sort()) {
      if (!entry.endsWith('.json') || entry.includes('.tmp-')) continue;
      const key = decodeURIComponent(entry.slice(0, -'.json'.length));
      try {
        documents.set(key, JSON.parse(await readFile(join(this.directory, entry), 'utf8')) as T);
      } catch (error) {
        onBroken?.(key, error as Error);
      }
    }
    return documents;
  }
}

function fileName(key: string): string {
  return `${encodeURIComponent(key)}.json`;
}

export async function writeAtomically(path: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const temporary = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(join(path, '..'));
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
