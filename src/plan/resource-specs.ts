/**
 * Networks and volumes as the engine creates them, with Compose's labels and
 * their config hash.
 */
import type { NetworkSpec, VolumeSpec } from '../engine/index.js';
import type { Project } from '../model/index.js';
import { networkConfigHash, volumeConfigHash } from './hash.js';
import { COMPOSE_VERSION, CONFIG_HASH_LABEL, NETWORK_LABEL, PROJECT_LABEL, VERSION_LABEL, VOLUME_LABEL, compareText } from './labels.js';
import { networkName, volumeName } from './names.js';

export function networkSpecFor(project: Project, key: string, warn: (message: string) => void = () => {}): NetworkSpec {
  const network = project.networks?.[key] ?? {};
  const where = `networks.${key}`;
  if (network.ipam?.options !== undefined) warn(`${where}.ipam.options is not supported and is ignored`);
  if (network.enable_ipv4 !== undefined) warn(`${where}.enable_ipv4 is not supported and is ignored`);
  const pools = (network.ipam?.config ?? []).map((pool, index) => {
    if (pool.aux_addresses !== undefined) warn(`${where}.ipam.config[${index}].aux_addresses is not supported and is ignored`);
    return {
      ...(pool.subnet !== undefined ? { subnet: pool.subnet } : {}),
      ...(pool.ip_range !== undefined ? { ipRange: pool.ip_range } : {}),
      ...(pool.gateway !== undefined ? { gateway: pool.gateway } : {}),
    };
  });
  const spec: NetworkSpec = {
    name: networkName(project, key),
    driver: network.driver ?? 'bridge',
    driverOptions: stringValues(network.driver_opts),
    labels: sorted({ ...(network.labels ?? {}), [PROJECT_LABEL]: project.name, [NETWORK_LABEL]: key, [VERSION_LABEL]: COMPOSE_VERSION }),
    internal: network.internal === true,
    attachable: network.attachable === true,
    enableIpv6: network.enable_ipv6 === true,
    ...(network.ipam !== undefined ? { ipam: { ...(network.ipam.driver !== undefined ? { driver: network.ipam.driver } : {}), pools } } : {}),
  };
  return { ...spec, labels: sorted({ ...spec.labels, [CONFIG_HASH_LABEL]: networkConfigHash(spec) }) };
}

export function volumeSpecFor(project: Project, key: string): VolumeSpec {
  const volume = project.volumes?.[key] ?? {};
  const spec: VolumeSpec = {
    name: volumeName(project, key),
    // Compose hashes an unset driver as `local`, the engine's default.
    driver: volume.driver ?? 'local',
    driverOptions: stringValues(volume.driver_opts),
    labels: sorted({ ...(volume.labels ?? {}), [PROJECT_LABEL]: project.name, [VOLUME_LABEL]: key, [VERSION_LABEL]: COMPOSE_VERSION }),
  };
  return { ...spec, labels: sorted({ ...spec.labels, [CONFIG_HASH_LABEL]: volumeConfigHash(spec) }) };
}

function stringValues(options: Readonly<Record<string, string | number>> | undefined): Record<string, string> {
  return sorted(Object.fromEntries(Object.entries(options ?? {}).map(([key, value]) => [key, String(value)])));
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
