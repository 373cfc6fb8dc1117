/**
 * The volume routes.
 */
import type { ContainerService } from '../containers/service.js';
import type { Router } from '../http/router.js';
import { ApiError, filters, flag, labelsMatch, readJson, sendEmpty, sendJson } from '../http/respond.js';
import type { VolumeRecord, VolumeService } from '../volumes/service.js';

export function volumeRoutes(router: Router, volumes: VolumeService, containers: ContainerService): void {
  const view = ({ Populated: _populated, Anonymous: _anonymous, ...volume }: VolumeRecord): Omit<VolumeRecord, 'Populated' | 'Anonymous'> => volume;

  router.add('GET', '/volumes', ({ query, response }) => {
    const wanted = filters(query);
    const list = volumes
      .list()
      .filter((volume) => labelsMatch(volume.Labels, wanted.get('label')))
      .filter((volume) => (wanted.get('name') ?? []).every((name) => volume.Name.includes(name)))
      .filter((volume) => {
        const dangling = wanted.get('dangling')?.[0];
        if (dangling === undefined) return true;
        return (containers.usesVolume(volume.Name) === undefined) === /^(1|true)$/i.test(dangling);
      })
      .map(view);
    sendJson(response, 200, { Volumes: list, Warnings: [] });
  });

  router.add('POST', '/volumes/create', async ({ request, response }) => {
    const body = await readJson<{ Name?: string; Driver?: string; Labels?: Record<string, string> | null; DriverOpts?: Record<string, string> | null }>(request);
    sendJson(response, 201, view(await volumes.create(body)));
  });

  router.add('GET', '/volumes/{name}', ({ params, response }) => {
    const volume = volumes.get(params['name'] ?? '');
    if (volume === undefined) throw ApiError.of('not_found', `get ${params['name']}: no such volume`);
    sendJson(response, 200, view(volume));
  });

  router.add('DELETE', '/volumes/{name}', async ({ params, query, response }) => {
    const name = params['name'] ?? '';
    const user = containers.usesVolume(name);
    if (volumes.get(name) === undefined && flag(query, 'force')) {
      sendEmpty(response);
      return;
    }
    await volumes.remove(name, user);
    sendEmpty(response);
  });
}
