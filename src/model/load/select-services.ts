/**
 * Services named on the command line (`berth up web`, `berth config web`)
 * narrow the project to them and what they depend on; networks, volumes,
 * secrets, configs and models no remaining service uses are dropped, as
 * Compose does.
 */
import { isDict, type Dict } from '../tree.js';

export function selectServices(model: Dict, named: readonly string[]): Dict {
  if (named.length === 0) return model;
  const services = isDict(model['services']) ? model['services'] : {};
  const keep = new Set<string>();
  const pending = [...named];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (keep.has(name) || !Object.hasOwn(services, name)) continue;
    keep.add(name);
    const service = services[name];
    if (isDict(service) && isDict(service['depends_on'])) pending.push(...Object.keys(service['depends_on']));
  }
  const kept = Object.fromEntries(Object.entries(services).filter(([name]) => keep.has(name)));
  const used = usedResources(Object.values(kept));
  const result: Dict = { ...model, services: kept };
  for (const kind of ['networks', 'volumes', 'secrets', 'configs', 'models'] as const) {
    const declared = model[kind];
    if (!isDict(declared)) continue;
    result[kind] = Object.fromEntries(Object.entries(declared).filter(([name]) => used[kind].has(name)));
  }
  return result;
}

function usedResources(services: readonly unknown[]): Record<'networks' | 'volumes' | 'secrets' | 'configs' | 'models', Set<string>> {
  const used = { networks: new Set<string>(), volumes: new Set<string>(), secrets: new Set<string>(), configs: new Set<string>(), models: new Set<string>() };
  for (const service of services) {
    if (!isDict(service)) continue;
    for (const network of Object.keys(isDict(service['networks']) ? service['networks'] : {})) used.networks.add(network);
    for (const model of Object.keys(isDict(service['models']) ? service['models'] : {})) used.models.add(model);
    for (const volume of Array.isArray(service['volumes']) ? service['volumes'] : []) {
      if (isDict(volume) && volume['type'] === 'volume' && typeof volume['source'] === 'string') used.volumes.add(volume['source']);
    }
    for (const kind of ['secrets', 'configs'] as const) {
      for (const reference of Array.isArray(service[kind]) ? service[kind] : []) {
        if (isDict(reference) && typeof reference['source'] === 'string') used[kind].add(reference['source']);
      }
    }
    const buildSecrets = isDict(service['build']) && Array.isArray(service['build']['secrets']) ? service['build']['secrets'] : [];
    for (const secret of buildSecrets) {
      if (isDict(secret) && typeof secret['source'] === 'string') used.secrets.add(secret['source']);
    }
  }
  return used;
}
