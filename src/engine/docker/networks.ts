/**
 * Networks on a Docker Engine. Docker looks a network up by exact name,
 * full ID or ID prefix; berth passes names or IDs it got from the engine.
 */
import type { NetworkApi, NetworkInfo, NetworkSpec } from '../engine.js';
import type { DockerClient } from './client.js';
import { type DockerNetwork, fromNetwork, labelFilters } from './from-docker.js';
import { toEndpointSettings } from './to-docker.js';

export function toNetworkCreateBody(spec: NetworkSpec): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Name: spec.name,
    Driver: spec.driver,
    Options: { ...spec.driverOptions },
    Labels: { ...spec.labels },
    Internal: spec.internal,
    Attachable: spec.attachable,
    EnableIPv6: spec.enableIpv6,
    // Engines before API 1.44 accept a second network of the same name unless asked not to.
    CheckDuplicate: true,
  };
  if (spec.ipam !== undefined) {
    body['IPAM'] = {
      ...(spec.ipam.driver !== undefined ? { Driver: spec.ipam.driver } : {}),
      Config: spec.ipam.pools.map((pool) => ({
        ...(pool.subnet !== undefined ? { Subnet: pool.subnet } : {}),
        ...(pool.ipRange !== undefined ? { IPRange: pool.ipRange } : {}),
        ...(pool.gateway !== undefined ? { Gateway: pool.gateway } : {}),
      })),
    };
  }
  return body;
}

export function dockerNetworks(client: DockerClient): NetworkApi {
  async function inspect(nameOrId: string): Promise<NetworkInfo | undefined> {
    const network = await client.jsonOrUndefined<DockerNetwork>(`inspecting network ${nameOrId}`, {
      method: 'GET',
      path: `/networks/${encodeURIComponent(nameOrId)}`,
    });
    return network === undefined ? undefined : fromNetwork(network);
  }

  return {
    inspect,

    async list(filter = {}) {
      const networks = await client.json<DockerNetwork[]>('listing networks', {
        method: 'GET',
        path: '/networks',
        query: { filters: labelFilters(filter.labels) },
      });
      // The list leaves out attached containers; inspect has them. A network removed meanwhile is skipped.
      const inspected = await Promise.all(networks.map((network) => inspect(network.Id)));
      return inspected.filter((network): network is NetworkInfo => network !== undefined);
    },

    async create(spec) {
      const created = await client.json<{ Id: string }>(`creating network ${spec.name}`, {
        method: 'POST',
        path: '/networks/create',
        body: toNetworkCreateBody(spec),
      });
      return created.Id;
    },

    async remove(nameOrId) {
      await client.json(`removing network ${nameOrId}`, { method: 'DELETE', path: `/networks/${encodeURIComponent(nameOrId)}` });
    },

    async connect(network, container, endpoint) {
      const apiVersion = await client.apiVersion();
      const where = `connecting container ${container} to network ${network}`;
      await client.json(where, {
        method: 'POST',
        path: `/networks/${encodeURIComponent(network)}/connect`,
        body: { Container: container, EndpointConfig: toEndpointSettings(endpoint, apiVersion, where) },
      });
    },

    async disconnect(network, container, options = {}) {
      await client.json(`disconnecting container ${container} from network ${network}`, {
        method: 'POST',
        path: `/networks/${encodeURIComponent(network)}/disconnect`,
        body: { Container: container, Force: options.force ?? false },
      });
    },
  };
}
