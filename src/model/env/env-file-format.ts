/**
 * `env_file` entries may name a `format`. compose-go keeps a registry of
 * format parsers with `.env` built in (`dotenv/format.go`); docker compose
 * adds `raw`. Here the registry is a value passed in, not global state.
 */
import { BerthError } from '../../errors.js';
import { parseDotenv } from './dotenv.js';
import type { DotenvOptions } from './dotenv.js';
import { parseRawEnv } from './raw-env.js';

export type EnvFileParser = (text: string, options: DotenvOptions) => Map<string, string>;

/** The format used when `env_file` names none. */
export const DOTENV_FORMAT = '.env';

export const BUILTIN_ENV_FILE_FORMATS: ReadonlyMap<string, EnvFileParser> = new Map<string, EnvFileParser>([
  [DOTENV_FORMAT, parseDotenv],
  ['raw', parseRawEnv],
]);

export interface EnvFileOptions extends DotenvOptions {
  /** Empty or absent means `.env`. */
  readonly format?: string | undefined;
  readonly formats?: ReadonlyMap<string, EnvFileParser> | undefined;
}

export function parseEnvFile(text: string, options: EnvFileOptions): Map<string, string> {
  const formats = options.formats ?? BUILTIN_ENV_FILE_FORMATS;
  const format = options.format === undefined || options.format === '' ? DOTENV_FORMAT : options.format;
  const parser = formats.get(format);
  if (parser === undefined) {
    const known = [...formats.keys()].map((name) => JSON.stringify(name)).join(', ');
    throw new BerthError(
      'invalid_env_file',
      `unsupported env_file format ${JSON.stringify(format)} for ${options.file}; use one of ${known}`,
    );
  }
  return parser(text, options);
}
