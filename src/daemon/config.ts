/**
 * The engine configuration file (`/etc/berth/engine.json`). Every key is
 * optional; an absent file is the default configuration. Unknown keys are
 * refused so that a misspelt setting is never silently ignored.
 */
import { readFile } from 'node:fs/promises';
import { BerthError } from '../errors.js';

export interface EngineConfig {
  readonly registryMirrors: readonly string[];
  readonly insecureRegistries: readonly string[];
  /** Path of the OCI runtime binary; default: runc from PATH. */
  readonly runtime?: string | undefined;
  /** Size at which a container's log file is rotated (bytes). */
  readonly logSizeMax: number;
  /** Address pools for bridge networks (used once bridges exist). */
  readonly defaultAddressPools: readonly { readonly base: string; readonly size: number }[];
}

const KEYS = new Set(['registry-mirrors', 'insecure-registries', 'runtime', 'log-size-max', 'default-address-pools']);

export const DEFAULT_CONFIG: EngineConfig = {
  registryMirrors: [],
  insecureRegistries: [],
  logSizeMax: 10 * 1024 * 1024,
  defaultAddressPools: [{ base: '10.89.0.0/16', size: 24 }],
};

export async function loadEngineConfig(path: string): Promise<EngineConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_CONFIG;
    throw new BerthError('invalid_argument', `cannot read the engine configuration ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseEngineConfig(text, path);
}

export function parseEngineConfig(text: string, path: string): EngineConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BerthError('invalid_argument', `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BerthError('invalid_argument', `${path} must hold a JSON object`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.has(key)) throw new BerthError('invalid_argument', `${path}: unknown setting "${key}"; known settings: ${[...KEYS].sort().join(', ')}`);
  }
  const strings = (key: string): string[] => {
    const entry = record[key];
    if (entry === undefined) return [];
    if (!Array.isArray(entry) || !entry.every((item) => typeof item === 'string')) {
      throw new BerthError('invalid_argument', `${path}: "${key}" must be a list of strings`);
    }
    return entry as string[];
  };
  const runtime = record['runtime'];
  if (runtime !== undefined && typeof runtime !== 'string') throw new BerthError('invalid_argument', `${path}: "runtime" must be a path`);
  const logSizeMax = record['log-size-max'] ?? DEFAULT_CONFIG.logSizeMax;
  if (typeof logSizeMax !== 'number' || !Number.isInteger(logSizeMax) || logSizeMax < 4096) {
    throw new BerthError('invalid_argument', `${path}: "log-size-max" must be a whole number of bytes, at least 4096`);
  }
  const pools = record['default-address-pools'] ?? DEFAULT_CONFIG.defaultAddressPools;
  if (!Array.isArray(pools) || !pools.every((pool) => typeof pool?.base === 'string' && Number.isInteger(pool?.size))) {
    throw new BerthError('invalid_argument', `${path}: "default-address-pools" must be a list of {"base": "CIDR", "size": N}`);
  }
  return {
    registryMirrors: strings('registry-mirrors'),
    insecureRegistries: strings('insecure-registries'),
    runtime,
    logSizeMax,
    defaultAddressPools: pools as EngineConfig['defaultAddressPools'],
  };
}
