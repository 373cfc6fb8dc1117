/**
 * Loading a project, end to end: choose the files and the environment, load
 * and merge every file, then defaults, semantic checks, paths, service
 * environments, names and profiles, and freeze the result.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';
import { parseEnvFile } from '../env/index.js';
import { substitute } from '../interpolate/index.js';
import { applyDefaults, normalizeProject, resolveRelativePaths, resolveServiceEnvironment, type ServiceEnvironmentSource } from '../normalize/index.js';
import type { Project } from '../project.js';
import { LocationIndex } from '../source/locations.js';
import { isDict, type Dict, type Locate } from '../tree.js';
import { validateSemantics, validateWrittenPaths } from '../validate/semantic.js';
import { resolveConfigFiles, STDIN } from './config-files.js';
import type { LoadContext } from './context.js';
import { readEnvFiles, selectEnvFiles, type Environment } from './environment.js';
import { nodeHost, type LoaderHost } from './host.js';
import { loadModel, parseCached, readComposeText } from './load-file.js';
import type { LoadProjectOptions } from './options.js';
import { activeProfiles, selectProfiles } from './profiles.js';
import { chooseProjectName } from './project-name.js';
import { selectServices } from './select-services.js';

/** A loaded project and what was used to load it. */
export interface LoadedProject {
  readonly project: Project;
  /** Absolute paths of the compose files, in merge order (`-` for stdin). */
  readonly configFiles: readonly string[];
  /** The interpolation environment: shell variables over env files. */
  readonly environment: Environment;
  readonly envFiles: readonly string[];
  /** Services left off by profiles, canonical but not normalized. */
  readonly disabledServices: Readonly<Record<string, Dict>>;
  readonly activeProfiles: readonly string[];
}

export async function loadProject(options: LoadProjectOptions): Promise<Project> {
  return (await loadProjectDetails(options)).project;
}

export async function loadProjectDetails(options: LoadProjectOptions): Promise<LoadedProject> {
  const host = options.host ?? nodeHost;
  const warn = options.onWarning ?? (() => {});
  const cwd = posix.resolve(options.workingDir);
  const explicitDir = options.projectDirectory === undefined ? undefined : posix.resolve(cwd, options.projectDirectory);
  const firstGiven = options.configFiles?.find((file) => file !== STDIN);
  const envDir = explicitDir ?? (firstGiven ? posix.dirname(posix.resolve(cwd, firstGiven)) : cwd);

  let envFiles = await selectEnvFiles(options.envFiles, options.environment, cwd, envDir, host);
  let environment = await readEnvFiles(envFiles.files, options.environment, host);

  const configFiles = await resolveConfigFiles(options.configFiles, environment, cwd, explicitDir ?? cwd, host, warn);
  const firstFile = configFiles.find((file) => file !== STDIN);
  const workingDir = explicitDir ?? (firstFile ? posix.dirname(firstFile) : cwd);
  if (workingDir !== envDir && envFiles.fromDefault) {
    // Found by searching upwards: like Compose, read the .env beside the project instead.
    const projectEnvFiles = await selectEnvFiles(undefined, options.environment, cwd, workingDir, host);
    environment = await readEnvFiles(projectEnvFiles.files, options.environment, host);
    envFiles = projectEnvFiles;
  }

  const context: LoadContext = {
    host,
    index: new LocationIndex(),
    interpolate: options.interpolate !== false,
    warn,
    unsetWarned: new Set(),
    prepared: new Map(),
    written: new WeakMap(),
    parsed: new Map(),
  };
  const files: { path: string; text: string }[] = [];
  for (const path of configFiles) files.push({ path, text: await readComposeText(path, context) });

  const { name: projectName } = chooseProjectName({
    flag: options.projectName,
    environment: environment['COMPOSE_PROJECT_NAME'],
    file: nameFromFiles(files, environment, context),
    projectDir: workingDir,
  });
  environment = { ...environment, COMPOSE_PROJECT_NAME: projectName };

  let model = await loadModel(files, { environment, baseDir: workingDir, includeChain: [] }, context);
  if (Object.keys(model).length === 0) {
    throw new BerthError('invalid_project', `empty compose file: ${configFiles.join(', ')} define nothing; add a services: section`);
  }
  // Later steps keep paths where they were, so the merged model locates every later error.
  const locate = context.index.locator(model);
  const profiles = activeProfiles(options.profiles, environment);
  const selection = selectProfiles(model, profiles, options.services ?? [], locate);
  model = applyDefaults(selection.model);
  validateWrittenPaths(model, locate);
  model = resolveRelativePaths(model, { workingDir, homeDir: host.homeDir, locate });
  model = await resolveEnvironments(model, environment, context, locate);
  const lookup = (name: string): string | undefined => environment[name];
  model = normalizeProject(model, { projectName, lookup });
  validateSemantics(model, locate);
  if (options.selectServices !== false) model = selectServices(model, options.services ?? []);

  const project = deepFreeze({ ...model, name: projectName, workingDir }) as unknown as Project;
  return {
    project,
    configFiles,
    environment,
    envFiles: envFiles.files,
    disabledServices: selection.disabled,
    activeProfiles: profiles,
  };
}

/** The last `name:` across the files, interpolated: it must be known before the files are, for `${COMPOSE_PROJECT_NAME}`. */
function nameFromFiles(files: readonly { path: string; text: string }[], environment: Environment, context: LoadContext): string | undefined {
  let name: string | undefined;
  for (const { path, text } of files) {
    if (!text.includes('name')) continue;
    for (const document of parseCached(path === STDIN ? 'stdin' : path, text, context)) {
      const value = document.value['name'];
      if (typeof value === 'string' && value !== '') name = value;
    }
  }
  if (name === undefined || !context.interpolate) return name;
  return substitute(name, (variable) => environment[variable]).value;
}

/**
 * Reads each service's env_file and label_file entries and folds them into
 * `environment` and `labels`, then drops them, as `docker compose config`
 * shows a project: what a container gets, not where it came from.
 */
async function resolveEnvironments(model: Dict, environment: Environment, context: LoadContext, locate: Locate): Promise<Dict> {
  const services = isDict(model['services']) ? model['services'] : {};
  const texts = new Map<string, string | undefined>();
  for (const service of Object.values(services)) {
    if (!isDict(service)) continue;
    const envFiles = Array.isArray(service['env_file']) ? service['env_file'] : [];
    const labelFiles = Array.isArray(service['label_file']) ? service['label_file'] : [];
    for (const path of [...envFiles.map((entry) => (isDict(entry) ? entry['path'] : undefined)), ...labelFiles]) {
      if (typeof path === 'string' && !texts.has(path)) texts.set(path, await context.host.readFile(path));
    }
  }
  const resolved: Dict = {};
  for (const [name, service] of Object.entries(services)) {
    if (!isDict(service)) continue;
    const { env_file: _envFiles, label_file: _labelFiles, ...rest } = service;
    const serviceEnvironment = resolveServiceEnvironment(service as ServiceEnvironmentSource, {
      envFileContents: (path, read) => {
        const text = texts.get(path);
        if (text === undefined) return undefined;
        return parseEnvFile(text, { file: path, format: read.format, lookup: (variable) => read.lookup(variable) ?? read.earlier.get(variable) });
      },
      lookup: (variable) => environment[variable],
      locate,
      servicePath: ['services', name],
    });
    let folded = Object.keys(serviceEnvironment).length > 0 ? { ...rest, environment: serviceEnvironment } : without(rest, 'environment');
    const labelFiles = Array.isArray(service['label_file']) ? (service['label_file'] as string[]) : [];
    if (labelFiles.length > 0) folded = { ...folded, labels: foldLabelFiles(labelFiles, texts, service['labels'], name, locate) };
    resolved[name] = folded;
  }
  return { ...model, services: resolved };
}

/** label_file entries in order, later files winning, `labels` over all; a label file may use labels read before it. */
function foldLabelFiles(files: readonly string[], texts: ReadonlyMap<string, string | undefined>, written: unknown, service: string, locate: Locate): Dict {
  const labels = new Map<string, string>();
  for (const file of files) {
    const text = texts.get(file);
    if (text === undefined) {
      throw new BerthError('file_not_found', `service "${service}": label file ${file} not found; check label_file`, {
        location: locate(['services', service, 'label_file']),
      });
    }
    for (const [key, value] of parseEnvFile(text, { file, lookup: (variable) => labels.get(variable) })) labels.set(key, value);
  }
  return { ...Object.fromEntries(labels), ...(isDict(written) ? written : {}) };
}

function without(dict: Dict, key: string): Dict {
  const { [key]: _dropped, ...rest } = dict;
  return rest;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
