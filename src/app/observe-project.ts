/**
 * What exists for a project: apply's one listing by label, plus a lookup of
 * the networks and volumes the project declares by name (external ones and
 * ones made outside Compose), so the planner never has to guess.
 */
import { observe } from '../apply/index.js';
import type { Engine, NetworkInfo, VolumeInfo } from '../engine/index.js';
import type { Project } from '../model/index.js';
import { imageReference, resourceNamesToLookUp, type ObservedState } from '../plan/index.js';

export async function observeProject(engine: Engine, project: Project, signal?: AbortSignal): Promise<ObservedState> {
  const imageRefs = Object.entries(project.services).map(([name, service]) => imageReference(project.name, name, service));
  const names = resourceNamesToLookUp(project);
  const [observed, networks, volumes] = await Promise.all([
    observe(engine, project.name, imageRefs, signal),
    Promise.all(names.networks.map(async (name) => [name, await engine.networks.inspect(name)] as const)),
    Promise.all(names.volumes.map(async (name) => [name, await engine.volumes.inspect(name)] as const)),
  ]);
  return {
    ...observed,
    byName: {
      networks: new Map<string, NetworkInfo | undefined>(networks),
      volumes: new Map<string, VolumeInfo | undefined>(volumes),
    },
  };
}

/** Just the containers, networks and volumes by label (commands working without the compose file). */
export async function observeByLabels(engine: Engine, projectName: string, signal?: AbortSignal): Promise<ObservedState> {
  return observe(engine, projectName, [], signal);
}
