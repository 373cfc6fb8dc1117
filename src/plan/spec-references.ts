/**
 * Filling in a create step's pending references once the containers they
 * name exist. Apply calls this right before it creates the container; the
 * config-hash label is recomputed, so it is the hash of the spec actually
 * sent, the same one the next plan computes from the observed IDs.
 */
import type { ContainerSpec } from '../engine/index.js';
import { withConfigHash } from './container-spec.js';
import type { SpecReference } from './plan.js';

/** `idOf` gives the ID of the container a reference names (apply knows the IDs its create steps made). */
export function resolveSpecReferences(spec: ContainerSpec, references: readonly SpecReference[] | undefined, idOf: (reference: SpecReference) => string): ContainerSpec {
  if (references === undefined || references.length === 0) return spec;
  const host = { ...spec.host };
  const volumesFrom = [...(host.volumesFrom ?? [])];
  for (const reference of references) {
    const id = idOf(reference);
    switch (reference.field) {
      case 'networkMode':
        host.networkMode = `container:${id}`;
        break;
      case 'ipcMode':
        host.ipcMode = `container:${id}`;
        break;
      case 'pidMode':
        host.pidMode = `container:${id}`;
        break;
      case 'volumesFrom':
        volumesFrom[reference.index ?? 0] = `${id}${reference.suffix}`;
        break;
      default:
        return assertNever(reference.field);
    }
  }
  if (volumesFrom.length > 0) host.volumesFrom = volumesFrom;
  return withConfigHash({ ...spec, host });
}

function assertNever(value: never): never {
  throw new Error(`unexpected reference field ${String(value)}`);
}
