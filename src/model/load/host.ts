/**
 * Everything the loader needs from the outside world. The loader itself is
 * pure: it reads files, stdin and the environment only through this.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { text } from 'node:stream/consumers';

export interface LoaderHost {
  /** Reads a UTF-8 file; resolves `undefined` when there is no such file. */
  readFile(path: string): Promise<string | undefined>;
  isFile(path: string): Promise<boolean>;
  readStdin(): Promise<string>;
  readonly homeDir: string;
}

export const nodeHost: LoaderHost = {
  async readFile(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async isFile(path) {
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  },
  readStdin: () => text(process.stdin),
  homeDir: homedir(),
};

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
