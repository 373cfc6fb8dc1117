/**
 * `include`: each entry is loaded as a project of its own (its directory, its
 * `.env`, the including project's variables winning), and its resources are
 * added to the including file; a resource defined in both is merged, the
 * including file's definition over the included one.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';
import { mergeModels } from '../merge/index.js';
import { applyDefaults, resolveRelativePaths } from '../normalize/index.js';
import { isDict, type Dict, type ModelPath } from '../tree.js';
import type { FileScope, LoadContext } from './context.js';
import { readEnvFiles } from './environment.js';
import { loadModel, readComposeText } from './load-file.js';
import { refuseRemote } from './remote.js';
import { withoutPaths } from './reset.js';

interface IncludeEntry {
  readonly path: readonly string[];
  readonly project_directory?: string;
  readonly env_file?: readonly string[];
}

const IMPORTED_RESOURCES = ['services', 'volumes', 'networks', 'secrets', 'configs', 'models'] as const;

export async function applyIncludes(model: Dict, file: string, replaced: readonly ModelPath[], scope: FileScope, context: LoadContext): Promise<Dict> {
  const entries = model['include'];
  if (!Array.isArray(entries) || entries.length === 0) {
    if (!Object.hasOwn(model, 'include')) return model;
    const { include: _none, ...rest } = model;
    return rest;
  }
  const { include: _done, ...rest } = model;
  context.index.inherit(rest, [model]);
  let result: Dict = rest;
  for (const [position, entry] of (entries as IncludeEntry[]).entries()) {
    const location = context.index.locate(entries, [position]);
    for (const path of entry.path) refuseRemote(path, location);
    const paths = entry.path.map((path) => posix.resolve(scope.baseDir, path));
    const [main] = paths;
    if (main === undefined) continue;
    const chain = [...scope.includeChain, file];
    if (chain.includes(main)) {
      throw new BerthError('cycle', `include cycle: ${[...chain, main].join(' -> ')}; remove one of these includes`, { location });
    }
    const projectDir = entry.project_directory === undefined ? posix.dirname(main) : posix.resolve(scope.baseDir, entry.project_directory);
    const envFiles = entry.env_file === undefined ? await defaultEnvFile(projectDir, context) : entry.env_file.map((envFile) => posix.resolve(scope.baseDir, envFile));
    const environment = await readEnvFiles(envFiles, scope.environment, context.host);
    const files = [];
    for (const path of paths) {
      const text = await readComposeText(path, context).catch((error: unknown) => {
        throw new BerthError('file_not_found', `included file ${path} cannot be read; check include.path`, { location, cause: error });
      });
      files.push({ path, text });
    }
    const included = await loadModel(files, { environment, baseDir: projectDir, includeChain: chain }, context);
    const imported = resolveRelativePaths(applyDefaults(included), { workingDir: projectDir, homeDir: context.host.homeDir });
    // The including file's !reset and !override also apply to what it imports.
    result = importResources(withoutPaths(imported, replaced), result, context);
  }
  return result;
}

async function defaultEnvFile(projectDir: string, context: LoadContext): Promise<string[]> {
  const candidate = posix.join(projectDir, '.env');
  return (await context.host.isFile(candidate)) ? [candidate] : [];
}

function importResources(imported: Dict, target: Dict, context: LoadContext): Dict {
  const result: Dict = { ...target };
  context.index.inherit(result, [target]);
  for (const kind of IMPORTED_RESOURCES) {
    const from = imported[kind];
    if (!isDict(from)) continue;
    const local = isDict(target[kind]) ? (target[kind] as Dict) : {};
    const combined: Dict = { ...from, ...local };
    context.index.inherit(combined, [from, local]);
    for (const name of Object.keys(local)) {
      if (!Object.hasOwn(from, name)) continue;
      const merged = mergeModels({ [kind]: { [name]: from[name] } }, { [kind]: { [name]: local[name] } }, {
        onContainerCreated: (created, sources) => context.index.inherit(created, sources),
      });
      combined[name] = (merged[kind] as Dict)[name];
    }
    result[kind] = combined;
  }
  return result;
}
