/**
 * Relative paths made absolute against the project directory, as compose-go's
 * `paths.ResolveRelativePaths` does, keyed by path pattern. `~` and `~/x`
 * expand to the home directory first. What is not a local path stays as
 * written: remote build contexts (git, http, `docker-image://`, `service:x`),
 * remote `extends` files, named volumes, and Windows absolute paths where
 * compose-go keeps them.
 *
 * The walk is idempotent (an absolute path is never touched), so a subtree
 * resolved against its own file's directory (an `extends` base, an
 * `include`d project) can be resolved again with the whole project.
 *
 * Not done here, unlike compose-go: a `develop.watch` path that goes through a
 * symbolic link is not replaced by the link's target, because that needs the
 * file system; whoever watches files resolves links.
 */
import { BerthError } from '../../errors.js';
import { formatPath, isDict, type Dict, type Locate } from '../tree.js';
import { isWindowsAbsolute, joinPath } from './go-path.js';
import { applyPathRules, type PathRule, type PathRuleTable } from './path-rules.js';

export interface ResolvePathsOptions {
  /** Absolute directory relative paths are resolved against. */
  readonly workingDir: string;
  /** The user's home directory, for `~`. */
  readonly homeDir: string;
  /** Where a value was written, for errors. */
  readonly locate?: Locate;
}

/** Returns a new tree whose local paths are absolute; the input is not modified. */
export function resolveRelativePaths(model: Dict, options: ResolvePathsOptions): Dict {
  return applyPathRules(model, pathRules(options));
}

// Prefixes buildkit reads as remote contexts rather than directories.
const remoteContextPrefixes = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];

/** A build context that is not a local directory: a URL, a git reference, another service or an image. */
export function isRemoteContext(context: string): boolean {
  return (
    context.includes('://') ||
    context.startsWith('service:') ||
    remoteContextPrefixes.some((prefix) => context.startsWith(prefix))
  );
}

/**
 * A compose file fetched from elsewhere (`oci://…`, a git URL) rather than read
 * from disk; these are the references compose's remote loaders accept.
 */
export function isRemoteFile(file: string): boolean {
  return file.includes('://') || file.startsWith('git@') || file.startsWith('github.com/');
}

function pathRules(options: ResolvePathsOptions): PathRuleTable {
  const { workingDir, homeDir } = options;
  const locate = options.locate ?? (() => undefined);

  const expandHome = (text: string): string => (text.startsWith('~') ? joinPath(homeDir, text.slice(1)) : text);

  // A path that must be local: absolute as written, else joined to the project directory.
  const absolute = (text: string): string => {
    const expanded = expandHome(text);
    if (expanded.startsWith('/') || expanded === '') return expanded;
    return joinPath(workingDir, expanded);
  };

  // A host path that may have been written for a Windows client: kept as written then.
  const hostPath = (text: string): string => {
    const expanded = expandHome(text);
    if (expanded.startsWith('/') || isWindowsAbsolute(expanded)) return expanded;
    return joinPath(workingDir, expanded);
  };

  const absolutePaths: PathRule = (value) => mapStrings(value, absolute);
  const hostPaths: PathRule = (value) => mapStrings(value, hostPath);
  // `name: path` (canonical) or `name=path` entries; only the path part is resolved.
  const namedPaths = (convert: (text: string) => string): PathRule => (value) => {
    if (isDict(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, typeof item === 'string' ? convert(item) : item]),
      );
    }
    if (!Array.isArray(value)) return value;
    return value.map((item: unknown) => {
      if (typeof item !== 'string' || !item.includes('=')) return item;
      const at = item.indexOf('=');
      return `${item.slice(0, at)}=${convert(item.slice(at + 1))}`;
    });
  };
  const contextText = (text: string): string => (isRemoteContext(text) ? text : absolute(text));
  const context: PathRule = (value) => (typeof value === 'string' ? contextText(value) : value);
  const extendsFile: PathRule = (value) =>
    typeof value === 'string' && !isRemoteFile(value) ? absolute(value) : value;

  const bindSource: PathRule = (volume, path) => {
    if (!isDict(volume) || volume['type'] !== 'bind') return volume;
    const source = volume['source'];
    if (typeof source !== 'string') {
      throw new BerthError(
        'invalid_project',
        `${formatPath(path)}: a bind mount needs a source: set "source" to the host path to mount`,
        { location: locate(path) },
      );
    }
    return { ...volume, source: hostPath(source) };
  };

  // A local volume with `o: bind` is a bind mount of `device` in disguise.
  const volumeDevice: PathRule = (volume) => {
    if (!isDict(volume) || volume['driver'] !== 'local') return volume;
    const driverOptions = volume['driver_opts'];
    if (!isDict(driverOptions) || driverOptions['o'] !== 'bind' || typeof driverOptions['device'] !== 'string') {
      return volume;
    }
    return { ...volume, driver_opts: { ...driverOptions, device: hostPath(driverOptions['device']) } };
  };

  const includeEntry: PathRule = (entry) => {
    if (typeof entry === 'string') return isRemoteFile(entry) ? entry : absolute(entry);
    if (!isDict(entry)) return entry;
    const next: Dict = { ...entry };
    if ('path' in next) next['path'] = mapStrings(next['path'], (file) => (isRemoteFile(file) ? file : absolute(file)));
    if ('project_directory' in next) next['project_directory'] = mapStrings(next['project_directory'], absolute);
    if ('env_file' in next) next['env_file'] = mapStrings(next['env_file'], absolute);
    return next;
  };

  return {
    'services.*.build.context': context,
    'services.*.build.additional_contexts': namedPaths(contextText),
    'services.*.build.ssh': namedPaths(hostPath),
    'services.*.env_file.*.path': absolutePaths,
    'services.*.label_file.*': absolutePaths,
    'services.*.extends.file': extendsFile,
    'services.*.develop.watch.*.path': absolutePaths,
    'services.*.volumes.*': bindSource,
    'configs.*.file': hostPaths,
    'secrets.*.file': hostPaths,
    'include.*': includeEntry,
    'volumes.*': volumeDevice,
  };
}

/** Applies `convert` to a string or to each string of a list; anything else is left for validation. */
function mapStrings(value: unknown, convert: (text: string) => string): unknown {
  if (typeof value === 'string') return convert(value);
  if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'string' ? convert(item) : item));
  return value;
}
