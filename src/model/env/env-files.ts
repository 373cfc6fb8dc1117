/**
 * The project environment files (`--env-file`, `COMPOSE_ENV_FILES`, `.env`)
 * read together, the way compose-go's `GetEnvFromFile` does: later files
 * override earlier ones, and a value may refer to the outside environment
 * first, then to any key read so far, in this file or an earlier one.
 */
import type { VariableLookup } from '../interpolate/index.js';
import { parseDotenvInto } from './dotenv.js';
import type { DotenvOptions } from './dotenv.js';

export interface EnvFileSource {
  readonly file: string;
  readonly text: string;
}

export interface EnvFilesOptions {
  /** Usually the process environment; it wins over every file. */
  readonly lookup: VariableLookup;
  readonly onUnset?: DotenvOptions['onUnset'];
}

/** The merged values of the files only; the caller layers the environment on top. */
export function parseEnvFiles(sources: readonly EnvFileSource[], options: EnvFilesOptions): Map<string, string> {
  const values = new Map<string, string>();
  for (const source of sources) {
    parseDotenvInto(source.text, values, {
      file: source.file,
      // A bare `KEY` may also take a value from an earlier file.
      lookup: (name) => options.lookup(name) ?? values.get(name),
      onUnset: options.onUnset,
    });
  }
  return values;
}
