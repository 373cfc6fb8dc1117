/**
 * A recreated container keeps its predecessor's anonymous volumes (Compose's
 * `Inherit`, turned off by `-V`): a mount the spec leaves anonymous takes the
 * old container's volume at the same target, and an anonymous volume the old
 * container had at a target the spec does not mount (an image `VOLUME`) is
 * mounted again.
 */
import type { ContainerInfo, ContainerSpec, MountSpec } from '../engine/index.js';

// Docker names anonymous volumes with 64 hex digits; named ones carry their name.
export const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

export function withInheritedVolumes(spec: ContainerSpec, oldMounts: ContainerInfo['mounts']): ContainerSpec {
  const oldVolumes = new Map<string, string>();
  for (const mount of oldMounts) {
    if (mount.type === 'volume' && mount.name !== undefined && mount.name !== '') oldVolumes.set(mount.target, mount.name);
  }
  if (oldVolumes.size === 0) return spec;

  const taken = new Set(spec.host.mounts.map((mount) => mount.target));
  const mounts: MountSpec[] = spec.host.mounts.map((mount) => {
    const inherited = oldVolumes.get(mount.target);
    return mount.type === 'volume' && mount.source === '' && inherited !== undefined ? { ...mount, source: inherited } : mount;
  });
  for (const [target, name] of [...oldVolumes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!taken.has(target) && ANONYMOUS_VOLUME.test(name)) mounts.push({ type: 'volume', source: name, target, readOnly: false });
  }
  return { ...spec, host: { ...spec.host, mounts } };
}
