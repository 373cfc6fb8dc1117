import type { LocationIndex } from '../source/locations.js';
import type { Environment } from './environment.js';
import type { LoaderHost } from './host.js';

/** What every step of one load shares. */
export interface LoadContext {
  readonly host: LoaderHost;
  readonly index: LocationIndex;
  readonly interpolate: boolean;
  readonly warn: (message: string) => void;
  /** Variables already warned about as unset: each is reported once per load. */
  readonly unsetWarned: Set<string>;
  /** Parsed files by path (`stdin` for standard input). */
  readonly parsed: Map<string, readonly import('../source/parse-yaml.js').ParsedDocument[]>;
  /** Interpolated trees → the trees as written, which hold the locations (same shape). */
  readonly written: WeakMap<object, object>;
  /** Parsed and interpolated files, by absolute path and base directory, so extends reads each once. */
  readonly prepared: Map<string, Promise<import('./load-file.js').ReadDocument[]>>;
}

/**
 * One compose file's setting: the environment its `${}` resolve against and
 * the directory its relative paths (extends.file, include paths) start from.
 */
export interface FileScope {
  readonly environment: Environment;
  readonly baseDir: string;
  /** Files being included, outermost first, to detect include cycles. */
  readonly includeChain: readonly string[];
}
