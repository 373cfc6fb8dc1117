/**
 * The environment used for interpolation: the shell's variables, then the
 * env files (`--env-file`, `COMPOSE_ENV_FILES`, or `<project dir>/.env`);
 * a variable set in the shell is never overridden by a file.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';
import { parseEnvFiles } from '../env/index.js';
import type { LoaderHost } from './host.js';

export type Environment = Readonly<Record<string, string>>;

/** Which env files apply: explicit ones, else `COMPOSE_ENV_FILES`, else `.env` in `defaultDir` unless disabled. */
export async function selectEnvFiles(
  explicit: readonly string[] | undefined,
  shell: Environment,
  cwd: string,
  defaultDir: string,
  host: LoaderHost,
): Promise<{ files: string[]; required: boolean; fromDefault: boolean }> {
  if (explicit && explicit.length > 0) {
    return { files: explicit.map((file) => posix.resolve(cwd, file)), required: true, fromDefault: false };
  }
  const fromVariable = shell['COMPOSE_ENV_FILES'];
  if (fromVariable) {
    return {
      files: fromVariable.split(',').filter((file) => file !== '').map((file) => posix.resolve(cwd, file)),
      required: true,
      fromDefault: false,
    };
  }
  if (isTrue(shell['COMPOSE_DISABLE_ENV_FILE'])) return { files: [], required: false, fromDefault: false };
  const dotenv = posix.join(defaultDir, '.env');
  return { files: (await host.isFile(dotenv)) ? [dotenv] : [], required: false, fromDefault: true };
}

/**
 * Reads env files in order; each may use the shell's variables and the ones
 * set by earlier files. Returns the shell environment with the files' values
 * added where the shell has none.
 */
export async function readEnvFiles(files: readonly string[], base: Environment, host: LoaderHost): Promise<Environment> {
  const sources: { file: string; text: string }[] = [];
  for (const file of files) {
    if (file === '/dev/null') continue;
    const text = await host.readFile(file);
    if (text === undefined) {
      throw new BerthError('file_not_found', `env file ${file} not found; check the --env-file or env_file path`);
    }
    sources.push({ file, text });
  }
  const merged: Record<string, string> = { ...base };
  for (const [key, value] of parseEnvFiles(sources, { lookup: (name) => base[name] })) {
    if (!Object.hasOwn(merged, key)) merged[key] = value;
  }
  return merged;
}

/** Go's strconv.ParseBool, which Compose uses for its boolean variables. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}
