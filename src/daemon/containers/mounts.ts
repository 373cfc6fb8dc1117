/**
 * Every way Docker lets a container ask for a mount — `Binds` strings,
 * `Mounts` entries, `Tmpfs`, the image's `VOLUME` lines and `VolumesFrom` —
 * brought to one list. Later entries for the same target win, as in Docker:
 * explicit mounts over image volumes.
 */
import { isAbsolute } from 'node:path';
import { ApiError } from '../http/respond.js';
import type { ContainerRecord, DockerConfig, DockerHostConfig, DockerMount } from './record.js';

export interface MountRequest {
  readonly kind: 'bind' | 'volume' | 'tmpfs';
  /** Volume name; absent for an anonymous volume until one is made. */
  readonly name?: string | undefined;
  readonly labels?: Record<string, string> | undefined;
  /** Host path for binds; the volume's directory once resolved. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  readonly mode: string;
  readonly propagation: string;
  readonly createSource?: boolean | undefined;
  readonly tmpfs?: { readonly sizeBytes?: number | undefined; readonly mode?: number | undefined; readonly options?: string | undefined } | undefined;
  readonly noCopy?: boolean | undefined;
}

export function resolveMounts(host: DockerHostConfig, config: DockerConfig, container: (reference: string) => ContainerRecord): MountRequest[] {
  const byTarget = new Map<string, MountRequest>();
  const add = (mount: MountRequest): void => {
    if (!isAbsolute(mount.target)) throw ApiError.of('invalid', `invalid mount target "${mount.target}": it must be an absolute path`);
    byTarget.set(mount.target.replace(/\/+$/, '') || '/', mount);
  };
  for (const target of Object.keys(config.Volumes ?? {})) {
    add({ kind: 'volume', source: '', target, readOnly: false, mode: '', propagation: '' });
  }
  for (const entry of host.VolumesFrom ?? []) {
    const [reference = '', option = 'rw'] = entry.split(':');
    for (const mount of container(reference).ResolvedMounts ?? []) {
      add({ ...mount, readOnly: option === 'ro' ? true : mount.readOnly });
    }
  }
  for (const bind of host.Binds ?? []) add(parseBind(bind));
  for (const mount of host.Mounts ?? []) add(fromMount(mount));
  for (const [target, options] of Object.entries(host.Tmpfs ?? {})) {
    add({ kind: 'tmpfs', source: '', target, readOnly: false, mode: '', propagation: '', tmpfs: { options } });
  }
  return [...byTarget.values()];
}

function parseBind(bind: string): MountRequest {
  const parts = bind.split(':');
  if (parts.length < 2 || parts.length > 3) throw ApiError.of('invalid', `invalid volume specification "${bind}": write SOURCE:TARGET[:OPTIONS]`);
  const [source = '', target = '', options = ''] = parts;
  const flags = options === '' ? [] : options.split(',');
  const readOnly = flags.includes('ro');
  const propagation = flags.find((flag) => /^r?(shared|slave|private)$/.test(flag)) ?? '';
  if (isAbsolute(source)) return { kind: 'bind', source, target, readOnly, mode: options, propagation: propagation || 'rprivate', createSource: true };
  return { kind: 'volume', name: source, source: '', target, readOnly, mode: options === '' ? 'z' : options, propagation: '', noCopy: flags.includes('nocopy') };
}

function fromMount(mount: DockerMount): MountRequest {
  const target = mount.Target ?? '';
  const readOnly = mount.ReadOnly === true;
  switch (mount.Type) {
    case 'bind': {
      const source = mount.Source ?? '';
      if (!isAbsolute(source)) throw ApiError.of('invalid', `invalid mount config for type "bind": the source "${source}" must be an absolute path`);
      return { kind: 'bind', source, target, readOnly, mode: '', propagation: mount.BindOptions?.Propagation ?? 'rprivate', createSource: mount.BindOptions?.CreateMountpoint === true };
    }
    case 'volume':
    case undefined:
      if (mount.VolumeOptions?.Subpath !== undefined && mount.VolumeOptions.Subpath !== '') {
        throw ApiError.of('unsupported', `mount at ${target}: volume subpaths are not supported by berthd yet`);
      }
      return {
        kind: 'volume',
        name: mount.Source === undefined || mount.Source === '' ? undefined : mount.Source,
        labels: mount.VolumeOptions?.Labels,
        source: '',
        target,
        readOnly,
        mode: 'z',
        propagation: '',
        noCopy: mount.VolumeOptions?.NoCopy === true,
      };
    case 'tmpfs':
      return { kind: 'tmpfs', source: '', target, readOnly, mode: '', propagation: '', tmpfs: { sizeBytes: mount.TmpfsOptions?.SizeBytes, mode: mount.TmpfsOptions?.Mode } };
    default:
      throw ApiError.of('unsupported', `mount at ${target}: berthd does not support mounts of type "${mount.Type}" (bind, volume and tmpfs are supported)`);
  }
}

/** The resolved list as Docker `Mounts` entries for the runtime: volumes by name, binds by host path. */
export function toRuntimeMounts(mounts: readonly MountRequest[]): DockerMount[] {
  return mounts.map((mount) => {
    const base = { Target: mount.target, ReadOnly: mount.readOnly };
    switch (mount.kind) {
      case 'bind':
        return { ...base, Type: 'bind', Source: mount.source, BindOptions: { Propagation: mount.propagation } };
      case 'volume':
        return { ...base, Type: 'volume', Source: mount.name ?? '' };
      case 'tmpfs': {
        const sizeFromOptions = /(?:^|,)size=(\d+)([kmg]?)/i.exec(mount.tmpfs?.options ?? '');
        const multiplier: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
        const sizeBytes = mount.tmpfs?.sizeBytes ?? (sizeFromOptions ? Number(sizeFromOptions[1]) * (multiplier[(sizeFromOptions[2] ?? '').toLowerCase()] ?? 1) : undefined);
        return { ...base, Type: 'tmpfs', TmpfsOptions: { ...(sizeBytes === undefined ? {} : { SizeBytes: sizeBytes }), ...(mount.tmpfs?.mode === undefined ? {} : { Mode: mount.tmpfs.mode }) } };
      }
      default:
        return assertNever(mount.kind);
    }
  });
}

function assertNever(value: never): never {
  throw new Error(`unexpected mount kind ${String(value)}`);
}
