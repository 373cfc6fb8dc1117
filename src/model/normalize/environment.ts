/**
 * A service's container environment, as compose-go's
 * `WithServicesEnvironmentResolved` computes it:
 * 1. bare keys of `environment` (`FOO:` / `- FOO`) take their value from the
 *    interpolation environment;
 * 2. `env_file` entries are read in order, a later file overriding an earlier
 *    one; a missing file is an error unless the entry says `required: false`;
 * 3. `environment` overrides every env file. A bare key the interpolation
 *    environment does not set is dropped — and it also drops the value an env
 *    file gave that key, as in compose-go (the key was written, unset).
 *
 * Reading and parsing the files is the caller's job (`envFileContents`); this
 * module decides which files, in which order, with which variables, and what
 * wins.
 */
import { BerthError } from '../../errors.js';
import { formatPath, type Locate, type ModelPath } from '../tree.js';

/** What the caller needs to parse one env file the way Compose does. */
export interface EnvFileReadContext {
  /**
   * The entry's `format` as written. `undefined`: Compose's `.env` syntax,
   * with `${VAR}` interpolation. `raw`: each `KEY=VALUE` line taken verbatim,
   * no interpolation. Anything else is a format the caller may not support,
   * and should say so.
   */
  readonly format: string | undefined;
  /**
   * For `${VAR}` and for a bare `KEY` line: the interpolation environment
   * first, then the service's own `environment`.
   */
  readonly lookup: (name: string) => string | undefined;
  /**
   * Values gathered before this file (the service's `environment`, then
   * earlier env files). A `${VAR}` that `lookup` does not know comes from here
   * after the keys set earlier in the same file.
   */
  readonly earlier: ReadonlyMap<string, string>;
}

/**
 * The entries of one env file, or `undefined` when the file does not exist.
 * A function that ignores the second argument (parsing with the interpolation
 * environment only) is accepted and differs only when a file interpolates a
 * variable defined in the service's `environment` or an earlier env file.
 */
export type EnvFileContents = (path: string, context: EnvFileReadContext) => ReadonlyMap<string, string> | undefined;

export type EnvironmentValue = string | number | boolean | null;

/** The service attributes this step reads, in canonical form. */
export interface ServiceEnvironmentSource {
  readonly environment?: Readonly<Record<string, EnvironmentValue>>;
  readonly env_file?: readonly (EnvFileEntrySource | string)[];
}

export interface EnvFileEntrySource {
  /** Absolute: paths are resolved before this step. */
  readonly path: string;
  /** Absent means required. */
  readonly required?: boolean | string;
  readonly format?: string;
}

export interface ServiceEnvironmentInputs {
  readonly envFileContents: EnvFileContents;
  /** The interpolation environment. */
  readonly lookup: (name: string) => string | undefined;
  readonly locate: Locate;
  /** `['services', name]`, for error messages and locations. */
  readonly servicePath: ModelPath;
}

/** The final container environment of one service; keys without a value are gone. */
export function resolveServiceEnvironment(
  service: ServiceEnvironmentSource,
  inputs: ServiceEnvironmentInputs,
): Record<string, string> {
  const written = resolveWrittenKeys(service.environment ?? {}, inputs.lookup);

  const gathered = new Map<string, string>();
  for (const [key, value] of written) if (value !== null) gathered.set(key, value);

  const lookupForFiles = (name: string): string | undefined => {
    const fromEnvironment = inputs.lookup(name);
    if (fromEnvironment !== undefined) return fromEnvironment;
    return written.get(name) ?? undefined;
  };

  const entries = service.env_file ?? [];
  entries.forEach((written, index) => {
    const entry = typeof written === 'string' ? { path: written } : written;
    const entryPath: ModelPath = [...inputs.servicePath, 'env_file', index];
    const contents = locateEntryError(entryPath, inputs, () =>
      inputs.envFileContents(entry.path, {
        format: entry.format,
        lookup: lookupForFiles,
        earlier: new Map(gathered),
      }),
    );
    if (contents === undefined) {
      if (isRequired(entry.required)) throw missingEnvFile(entry.path, entryPath, inputs);
      return;
    }
    for (const [key, value] of contents) gathered.set(key, value);
  });

  for (const [key, value] of written) {
    if (value === null) gathered.delete(key);
    else gathered.set(key, value);
  }
  return Object.fromEntries(gathered);
}

/** `environment` as strings, bare keys resolved where the interpolation environment sets them. */
function resolveWrittenKeys(
  environment: Readonly<Record<string, EnvironmentValue>>,
  lookup: (name: string) => string | undefined,
): Map<string, string | null> {
  const resolved = new Map<string, string | null>();
  for (const [key, value] of Object.entries(environment)) {
    if (value === null || value === undefined) resolved.set(key, lookup(key) ?? null);
    else resolved.set(key, String(value));
  }
  return resolved;
}

// `required` may still be text when it came from interpolation; Go's ParseBool decides.
function isRequired(required: boolean | string | undefined): boolean {
  if (required === undefined) return true;
  if (typeof required === 'boolean') return required;
  return !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(required);
}

/**
 * Runs `read`; an error it raises without a place (an unsupported `format`)
 * is about the entry itself, so it gets the entry's location in the compose
 * file. Errors inside the env file already point into that file.
 */
function locateEntryError<T>(entryPath: ModelPath, inputs: ServiceEnvironmentInputs, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof BerthError) || error.location !== undefined) throw error;
    const location = inputs.locate([...entryPath, 'format']) ?? inputs.locate(entryPath);
    if (location === undefined) throw error;
    throw new BerthError(error.code, error.message, { location, cause: error });
  }
}

function missingEnvFile(path: string, entryPath: ModelPath, inputs: ServiceEnvironmentInputs): BerthError {
  const serviceName = String(inputs.servicePath[inputs.servicePath.length - 1] ?? '');
  const location = inputs.locate([...entryPath, 'path']) ?? inputs.locate(entryPath);
  const where = location ? '' : ` (${formatPath(entryPath)})`;
  return new BerthError(
    'file_not_found',
    `service "${serviceName}": env file ${path} not found${where}; create it, or mark the entry "required: false" if it is optional`,
    { location },
  );
}

