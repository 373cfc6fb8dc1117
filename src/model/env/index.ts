export { parseDotenv, parseDotenvInto } from './dotenv.js';
export type { DotenvOptions } from './dotenv.js';
export { parseRawEnv } from './raw-env.js';
export { BUILTIN_ENV_FILE_FORMATS, DOTENV_FORMAT, parseEnvFile } from './env-file-format.js';
export type { EnvFileOptions, EnvFileParser } from './env-file-format.js';
export { parseEnvFiles } from './env-files.js';
export type { EnvFileSource, EnvFilesOptions } from './env-files.js';
