/**
 * What exists on the engine for one project: one listing each of its
 * containers (all states, one-offs included), networks and volumes by the
 * project label, and one inspect per image reference, all at once.
 */
import type { Engine, ImageInfo } from '../engine/index.js';
import type { ObservedState } from '../plan/observed-state.js';
import { PROJECT_LABEL } from '../plan/labels.js';
import { raceAbort } from './abort.js';

export async function observe(engine: Engine, projectName: string, imageRefs: readonly string[], signal?: AbortSignal): Promise<ObservedState> {
  const labels = { [PROJECT_LABEL]: projectName };
  const uniqueRefs = [...new Set(imageRefs)].sort();
  const [containers, networks, volumes, images] = await raceAbort(
    Promise.all([
      engine.containers.list({ labels, all: true }),
      engine.networks.list({ labels }),
      engine.volumes.list({ labels }),
      Promise.all(uniqueRefs.map(async (ref) => [ref, await engine.images.inspect(ref, signal)] as const)),
    ]),
    signal,
    `reading the state of project ${projectName}`,
  );
  return { containers, networks, volumes, images: new Map<string, ImageInfo | undefined>(images) };
}
