/**
 * What exists on the engine for one project: one listing each of its
 * containers (all states, one-offs included), networks and volumes by the
 * project label, and one inspect per image reference, all at once.
 */
import type { Engine, ImageInfo, NetworkInfo, VolumeInfo } from '../engine/index.js';
import type { ObservedState } from '../plan/observed-state.js';
import { PROJECT_LABEL } from '../plan/labels.js';
import { raceAbort } from './abort.js';

/**
 * `lookUp` names networks and volumes to inspect by name as well (external
 * ones, and ones made outside Compose that carry no project label), so the
 * planner can refuse a missing external resource before it changes anything.
 */
export async function observe(
  engine: Engine,
  projectName: string,
  imageRefs: readonly string[],
  signal?: AbortSignal,
  lookUp?: { readonly networks: readonly string[]; readonly volumes: readonly string[] },
): Promise<ObservedState> {
  const labels = { [PROJECT_LABEL]: projectName };
  const uniqueRefs = [...new Set(imageRefs)].sort();
  const [containers, networks, volumes, images, networksByName, volumesByName] = await raceAbort(
    Promise.all([
      engine.containers.list({ labels, all: true }),
      engine.networks.list({ labels }),
      engine.volumes.list({ labels }),
      Promise.all(uniqueRefs.map(async (ref) => [ref, await engine.images.inspect(ref, signal)] as const)),
      Promise.all((lookUp?.networks ?? []).map(async (name) => [name, await engine.networks.inspect(name)] as const)),
      Promise.all((lookUp?.volumes ?? []).map(async (name) => [name, await engine.volumes.inspect(name)] as const)),
    ]),
    signal,
    `reading the state of project ${projectName}`,
  );
  const observed: ObservedState = { containers, networks, volumes, images: new Map<string, ImageInfo | undefined>(images) };
  if (!lookUp) return observed;
  return {
    ...observed,
    byName: { networks: new Map<string, NetworkInfo | undefined>(networksByName), volumes: new Map<string, VolumeInfo | undefined>(volumesByName) },
  };
}
