/**
 * Which compose files make up the project: `-f`, else `COMPOSE_FILE`, else
 * the first of Compose's default names found in the directory or a parent,
 * plus its override file.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';
import type { Environment } from './environment.js';
import type { LoaderHost } from './host.js';
import { refuseRemote } from './remote.js';

export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;
export const DEFAULT_OVERRIDE_FILE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
] as const;

/** `-` stands for standard input. */
export const STDIN = '-';

export async function resolveConfigFiles(
  explicit: readonly string[] | undefined,
  environment: Environment,
  cwd: string,
  searchFrom: string,
  host: LoaderHost,
  warn: (message: string) => void,
): Promise<string[]> {
  const given = explicit && explicit.length > 0 ? explicit : fromVariable(environment);
  if (given.length > 0) {
    for (const file of given) refuseRemote(file);
    return given.map((file) => (file === STDIN ? STDIN : posix.resolve(cwd, file)));
  }
  for (let dir = searchFrom; ; dir = posix.dirname(dir)) {
    const found = await existing(DEFAULT_FILE_NAMES, dir, host);
    const [winner] = found;
    if (winner) {
      if (found.length > 1) warn(`Found multiple config files with supported names: ${found.join(', ')}; using ${winner}`);
      const overrides = await existing(DEFAULT_OVERRIDE_FILE_NAMES, dir, host);
      const [override] = overrides;
      if (overrides.length > 1) warn(`Found multiple override files with supported names: ${overrides.join(', ')}; using ${override}`);
      return override ? [winner, override] : [winner];
    }
    if (posix.dirname(dir) === dir) break;
  }
  throw new BerthError(
    'file_not_found',
    `no configuration file provided: none of ${DEFAULT_FILE_NAMES.join(', ')} found in ${searchFrom} or its parents; pass one with -f`,
  );
}

function fromVariable(environment: Environment): string[] {
  const value = environment['COMPOSE_FILE'];
  if (!value) return [];
  const separator = environment['COMPOSE_PATH_SEPARATOR'] || ':';
  return value.split(separator).filter((file) => file !== '');
}

async function existing(names: readonly string[], dir: string, host: LoaderHost): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) {
    const path = posix.join(dir, name);
    if (await host.isFile(path)) found.push(path);
  }
  return found;
}
