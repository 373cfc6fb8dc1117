/**
 * Volumes on a Docker Engine. Docker answers a create for an existing name
 * with that volume; the engine interface makes a taken name a `conflict`
 * (as for networks and containers), so create looks first.
 */
import type { VolumeApi, VolumeInfo } from '../engine.js';
import { EngineError } from '../errors.js';
import type { DockerClient } from './client.js';
import { type DockerVolume, fromVolume, labelFilters } from './from-docker.js';

export function dockerVolumes(client: DockerClient): VolumeApi {
  async function inspect(name: string): Promise<VolumeInfo | undefined> {
    const volume = await client.jsonOrUndefined<DockerVolume>(`inspecting volume ${name}`, {
      method: 'GET',
      path: `/volumes/${encodeURIComponent(name)}`,
    });
    return volume === undefined ? undefined : fromVolume(volume);
  }

  return {
    inspect,

    async list(filter = {}) {
      const answer = await client.json<{ Volumes?: DockerVolume[] | null }>('listing volumes', {
        method: 'GET',
        path: '/volumes',
        query: { filters: labelFilters(filter.labels) },
      });
      return (answer.Volumes ?? []).map(fromVolume);
    },

    async create(spec) {
      if (spec.name !== '' && (await inspect(spec.name)) !== undefined) {
        throw new EngineError('conflict', `creating volume ${spec.name}: a volume of that name already exists; remove it or choose another name`);
      }
      const volume = await client.json<DockerVolume>(`creating volume ${spec.name}`, {
        method: 'POST',
        path: '/volumes/create',
        body: { Name: spec.name, Driver: spec.driver, DriverOpts: { ...spec.driverOptions }, Labels: { ...spec.labels } },
      });
      return fromVolume(volume);
    },

    async remove(name, options = {}) {
      await client.json(`removing volume ${name}`, {
        method: 'DELETE',
        path: `/volumes/${encodeURIComponent(name)}`,
        query: { force: options.force ?? false },
      });
    },
  };
}
