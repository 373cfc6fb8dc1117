/**
 * Networks and volumes: the ones the reconciled services use are created
 * when missing and reused otherwise. External ones must exist (checked
 * before any step is planned). A managed network whose config hash changed
 * is reported as diverged, for the reconciler to recreate as Compose does
 * (stop, disconnect, remove, create, reconnect every container of the
 * services using it; see recreate-network.ts). A managed volume whose config
 * hash changed is kept with a warning: recreating it loses its data, which
 * Compose does only after a confirmation.
 */
import { BerthError } from '../errors.js';
import type { NetworkInfo, NetworkSpec, VolumeInfo } from '../engine/index.js';
import type { Project } from '../model/index.js';
import { locateNowhere, type Locate } from '../model/tree.js';
import { compareText, CONFIG_HASH_LABEL, NETWORK_LABEL, PROJECT_LABEL, VOLUME_LABEL } from './labels.js';
import { networkName, volumeName } from './names.js';
import type { ObservedState } from './observed-state.js';
import type { PlanBuilder } from './plan-builder.js';
import { networkSpecFor, volumeSpecFor } from './resource-specs.js';

export interface ResourceSteps {
  /** Compose network key → the step creating it (absent when it exists already or is external). */
  readonly networkSteps: ReadonlyMap<string, number>;
  readonly volumeSteps: ReadonlyMap<string, number>;
  /** Compose network key → the engine name of a network that exists now. */
  readonly existingNetworks: ReadonlyMap<string, string>;
  /** Managed networks whose config hash differs from the compose file's: to be recreated. */
  readonly divergedNetworks: readonly { readonly key: string; readonly name: string; readonly spec: NetworkSpec }[];
}

/** Fails, before any step exists, when an external network or volume is known to be missing. */
export function checkExternalResources(project: Project, networkKeys: readonly string[], volumeKeys: readonly string[], observed: ObservedState, locate: Locate = locateNowhere): void {
  for (const key of networkKeys) {
    const network = project.networks?.[key];
    if (network?.external !== true) continue;
    const name = networkName(project, key);
    const lookedUp = observed.byName?.networks;
    if (lookedUp?.has(name) === true && lookedUp.get(name) === undefined) {
      throw new BerthError('invalid_project', `network ${name} declared as external, but could not be found; create it (docker network create ${name}) or remove external: true from networks.${key}`, {
        location: locate(['networks', key, 'external']),
      });
    }
  }
  for (const key of volumeKeys) {
    const volume = project.volumes?.[key];
    if (volume?.external !== true) continue;
    const name = volumeName(project, key);
    const lookedUp = observed.byName?.volumes;
    if (lookedUp?.has(name) === true && lookedUp.get(name) === undefined) {
      throw new BerthError('invalid_project', `external volume "${name}" not found; create it (docker volume create ${name}) or remove external: true from volumes.${key}`, {
        location: locate(['volumes', key, 'external']),
      });
    }
  }
}

export function reconcileResources(project: Project, networkKeys: readonly string[], volumeKeys: readonly string[], observed: ObservedState, builder: PlanBuilder): ResourceSteps {
  const networkSteps = new Map<string, number>();
  const volumeSteps = new Map<string, number>();
  const existingNetworks = new Map<string, string>();
  const divergedNetworks: { key: string; name: string; spec: NetworkSpec }[] = [];

  for (const key of [...networkKeys].sort(compareText)) {
    const network = project.networks?.[key];
    if (network === undefined) continue;
    const name = networkName(project, key);
    if (network.external === true) {
      existingNetworks.set(key, name);
      continue;
    }
    const spec = networkSpecFor(project, key, (message) => builder.warn(message));
    const labelled = observed.networks.filter((info) => info.labels[PROJECT_LABEL] === project.name && info.labels[NETWORK_LABEL] === key);
    const selected = select(labelled, name, (info) => info.name);
    if (selected !== undefined) {
      for (const other of labelled) {
        if (other !== selected) builder.warn(`network ${other.name} carries the compose label ${key} but does not match the compose file (using ${selected.name}); it is left untouched, remove it if it is no longer needed`);
      }
      if (selected.name !== name) {
        // Renamed: create the new network; the old one is left for its other users (Compose removes it best-effort).
        builder.warn(`network ${selected.name} was networks.${key} before its rename to ${name}; it is left as it is, remove it once nothing uses it`);
        networkSteps.set(key, builder.add({ kind: 'create-network', network: key, spec }, `renamed from ${selected.name}`));
        continue;
      }
      const observedHash = selected.labels[CONFIG_HASH_LABEL];
      // A network without a hash label (made by an older Compose) is left as it is, as Compose does.
      if (observedHash !== undefined && observedHash !== '' && observedHash !== spec.labels[CONFIG_HASH_LABEL]) {
        divergedNetworks.push({ key, name, spec });
        continue;
      }
      existingNetworks.set(key, selected.name);
      continue;
    }
    const unmanaged = observed.byName?.networks.get(name);
    if (unmanaged !== undefined) {
      builder.warn(unmanagedMessage('a network', unmanaged.name, unmanaged.labels[PROJECT_LABEL], project.name));
      existingNetworks.set(key, unmanaged.name);
      continue;
    }
    networkSteps.set(key, builder.add({ kind: 'create-network', network: key, spec }, 'not found'));
  }

  for (const key of [...volumeKeys].sort(compareText)) {
    const volume = project.volumes?.[key];
    if (volume === undefined || volume.external === true) continue;
    const name = volumeName(project, key);
    const spec = volumeSpecFor(project, key);
    const labelled = observed.volumes.filter((info) => info.labels[PROJECT_LABEL] === project.name && info.labels[VOLUME_LABEL] === key);
    const selected = select(labelled, name, (info) => info.name);
    if (selected !== undefined) {
      for (const other of labelled) {
        if (other !== selected) builder.warn(`volume ${other.name} carries the compose label ${key} but does not match the compose file (using ${selected.name}); it is left untouched, remove it if it is no longer needed`);
      }
      const observedHash = selected.labels[CONFIG_HASH_LABEL];
      if (selected.name !== name) {
        // A renamed volume: like Compose, create the new one and leave the old one (and its data) alone.
        volumeSteps.set(key, builder.add({ kind: 'create-volume', volume: key, spec }, `renamed from ${selected.name}`));
      } else if (observedHash !== undefined && observedHash !== '' && observedHash !== spec.labels[CONFIG_HASH_LABEL]) {
        builder.warn(`volume "${selected.name}" exists but doesn't match configuration in compose file (volumes.${key}); recreating it would lose its data, so it is kept as it is: remove it (\`berth down -v\`) to apply the change`);
      }
      continue;
    }
    const unmanaged = observed.byName?.volumes.get(name);
    if (unmanaged !== undefined) {
      builder.warn(unmanagedMessage('volume', unmanaged.name, unmanaged.labels[PROJECT_LABEL], project.name));
      continue;
    }
    volumeSteps.set(key, builder.add({ kind: 'create-volume', volume: key, spec }, 'not found'));
  }
  return { networkSteps, volumeSteps, existingNetworks, divergedNetworks };
}

/** The exact name if present, else the first by name (Compose's selectNetwork/selectVolume). */
function select<T extends NetworkInfo | VolumeInfo>(candidates: readonly T[], desiredName: string, nameOf: (item: T) => string): T | undefined {
  const sorted = [...candidates].sort((a, b) => compareText(nameOf(a), nameOf(b)));
  return sorted.find((item) => nameOf(item) === desiredName) ?? sorted[0];
}

function unmanagedMessage(kind: 'a network' | 'volume', name: string, owner: string | undefined, projectName: string): string {
  const subject = kind === 'a network' ? `a network with name ${name}` : `volume "${name}"`;
  if (owner === undefined || owner === '') return `${subject} already exists but was not created by Compose or berth; it is reused: set \`external: true\` to use an existing ${kind === 'a network' ? 'network' : 'volume'}`;
  return `${subject} already exists but was created for project "${owner}" (expected "${projectName}"); it is reused: set \`external: true\` to use an existing ${kind === 'a network' ? 'network' : 'volume'}`;
}

/** Names observe should look up besides the project-labelled listing: every network and volume the project declares. */
export function resourceNamesToLookUp(project: Project): { networks: string[]; volumes: string[] } {
  return {
    networks: Object.keys(project.networks ?? {}).map((key) => networkName(project, key)).sort(compareText),
    volumes: Object.keys(project.volumes ?? {}).map((key) => volumeName(project, key)).sort(compareText),
  };
}
