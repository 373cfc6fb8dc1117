/**
 * Compose's implicit network: a service that names no network joins
 * `default`, and the top-level `default` network exists only when some
 * service joins it. Services with `network_mode` (they share another
 * namespace or the host's) and `provider` services (not containers) join
 * nothing.
 */
import { isDict, type Dict } from '../tree.js';

export const defaultNetworkKey = 'default';

export function attachDefaultNetwork(model: Dict): Dict {
  const services = model['services'];
  let usesDefault = false;
  let nextServices = services;

  if (isDict(services)) {
    nextServices = Object.fromEntries(
      Object.entries(services).map(([name, service]) => {
        if (!isDict(service) || 'provider' in service || 'network_mode' in service) return [name, service];
        const networks = service['networks'];
        // An empty `networks:` block is treated like an absent one.
        if (!isDict(networks) || Object.keys(networks).length === 0) {
          usesDefault = true;
          return [name, { ...service, networks: { [defaultNetworkKey]: null } }];
        }
        if (defaultNetworkKey in networks) usesDefault = true;
        return [name, service];
      }),
    );
  }

  const declared = isDict(model['networks']) ? model['networks'] : {};
  const networks =
    usesDefault && !(defaultNetworkKey in declared) ? { ...declared, [defaultNetworkKey]: null } : declared;

  const next: Dict = { ...model };
  if (services !== undefined) next['services'] = nextServices;
  if (Object.keys(networks).length > 0) next['networks'] = networks;
  return next;
}
