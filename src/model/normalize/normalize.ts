/**
 * The last step of loading, after merge, defaults and path resolution, as
 * compose-go's `Normalize`: what Compose implies without it being written.
 * - `name:` is the project name;
 * - services without networks join `default`, which then exists;
 * - `pull_policy: if_not_present` is spelled `missing`;
 * - `build` gets `context: .` and `dockerfile: Dockerfile` (unless inline);
 * - bare `build.args` keys are resolved from the environment or dropped,
 *   bare `environment` keys are resolved or kept bare;
 * - implicit dependencies (links, volumes_from, `service:` namespaces);
 * - volume targets are cleaned paths;
 * - a `pre_start` hook without `image` runs the service's image;
 * - every network, volume, secret and config has a `name:`.
 */
import { isDict, type Dict } from '../tree.js';
import { resolveBareKeys, type Lookup } from './bare-keys.js';
import { attachDefaultNetwork } from './default-network.js';
import { cleanPath } from './go-path.js';
import { addImplicitDependencies } from './implicit-dependencies.js';
import { nameResources } from './resource-names.js';

export interface NormalizeOptions {
  /** The final, already validated project name. */
  readonly projectName: string;
  /**
   * The interpolation environment. Without it nothing is set: bare
   * `build.args` keys are dropped and bare `environment` keys stay bare,
   * which is what compose-go does with an empty environment.
   */
  readonly lookup?: Lookup;
}

const nothingSet: Lookup = () => undefined;

/** Returns a new, normalised tree; the input is not modified. */
export function normalizeProject(model: Dict, options: NormalizeOptions): Dict {
  const lookup = options.lookup ?? nothingSet;
  let next: Dict = { ...model, name: options.projectName };
  next = attachDefaultNetwork(next);

  const services = next['services'];
  if (isDict(services)) {
    next['services'] = Object.fromEntries(
      Object.entries(services).map(([name, service]) => [
        name,
        isDict(service) ? normalizeService(service, lookup) : service,
      ]),
    );
  }
  return nameResources(next, options.projectName);
}

function normalizeService(written: Dict, lookup: Lookup): Dict {
  const service: Dict = { ...written };
  if (service['pull_policy'] === 'if_not_present') service['pull_policy'] = 'missing';

  const build = service['build'];
  if (isDict(build)) service['build'] = normalizeBuild(build, lookup);

  if ('environment' in service) service['environment'] = resolveBareKeys(service['environment'], lookup, true);

  const volumes = service['volumes'];
  if (Array.isArray(volumes)) service['volumes'] = volumes.map(cleanVolumeTarget);

  return inheritPreStartImage(addImplicitDependencies(service));
}

function normalizeBuild(written: Dict, lookup: Lookup): Dict {
  const build: Dict = { ...written };
  if (build['context'] === undefined || build['context'] === null) build['context'] = '.';
  const hasDockerfile = build['dockerfile'] !== undefined && build['dockerfile'] !== null;
  const hasInline = build['dockerfile_inline'] !== undefined && build['dockerfile_inline'] !== null;
  if (!hasDockerfile && !hasInline) build['dockerfile'] = 'Dockerfile';
  if ('args' in build) build['args'] = resolveBareKeys(build['args'], lookup, false);
  return build;
}

function cleanVolumeTarget(volume: unknown): unknown {
  if (!isDict(volume) || typeof volume['target'] !== 'string' || volume['target'] === '') return volume;
  const target = cleanPath(volume['target']);
  return target === volume['target'] ? volume : { ...volume, target };
}

// compose-spec: a pre_start step without its own image runs the service's image.
function inheritPreStartImage(service: Dict): Dict {
  const hooks = service['pre_start'];
  const image = service['image'];
  if (!Array.isArray(hooks) || typeof image !== 'string' || image === '') return service;
  return {
    ...service,
    pre_start: hooks.map((hook: unknown) => (isDict(hook) && !('image' in hook) ? { ...hook, image } : hook)),
  };
}
