/**
 * The container's mounts: Docker's default filesystems (/proc, /dev,
 * /dev/pts, /dev/shm, /dev/mqueue, /sys, cgroup), then the user's binds,
 * volumes and tmpfs (parents before children, as Docker sorts them), then
 * the per-container /etc files unless the user mounts over them.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';
import type { DockerCreateBody, DockerCreateMount } from './docker-create.js';
import type { OciMount } from './oci-spec.js';
import { unsupported } from './spec-options.js';

export const DEFAULT_SHM_SIZE_BYTES = 64 * 1024 * 1024;

export const MASKED_PATHS: readonly string[] = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];

export const READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export interface EtcFiles {
  readonly hosts: string;
  readonly resolvConf: string;
  readonly hostname: string;
}

export interface MountInput {
  readonly create: DockerCreateBody;
  readonly imageVolumes?: Readonly<Record<string, object>> | null | undefined;
  readonly etcFiles: EtcFiles;
  readonly initPath?: string | undefined;
  readonly resolveVolume: (name: string, target: string) => string;
}

const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

export function buildMounts(input: MountInput): OciMount[] {
  const host = input.create.HostConfig ?? {};
  const privileged = host.Privileged === true;
  const readonlyRootfs = host.ReadonlyRootfs === true;
  const user = userMounts(input);
  const taken = new Set(user.map((mount) => mount.destination));

  const defaults: OciMount[] = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', privileged ? 'rw' : 'ro'] },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', privileged ? 'rw' : 'ro'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
  ];
  const shm = shmMount(input.create);
  if (shm !== undefined) defaults.push(shm);

  const etcOptions = ['rbind', 'rprivate', ...(readonlyRootfs ? ['ro'] : [])];
  const etc: OciMount[] = [
    { destination: '/etc/resolv.conf', type: 'bind', source: input.etcFiles.resolvConf, options: etcOptions },
    { destination: '/etc/hostname', type: 'bind', source: input.etcFiles.hostname, options: etcOptions },
    { destination: '/etc/hosts', type: 'bind', source: input.etcFiles.hosts, options: etcOptions },
  ];
  const init: OciMount[] =
    host.Init === true
      ? [{ destination: '/sbin/docker-init', type: 'bind', source: input.initPath ?? '/usr/bin/docker-init', options: ['bind', 'ro', 'rprivate'] }]
      : [];

  return [
    ...defaults.filter((mount) => !taken.has(mount.destination)),
    ...sortByDepth(user),
    ...etc.filter((mount) => !taken.has(mount.destination)),
    ...init,
  ];
}

function shmMount(create: DockerCreateBody): OciMount | undefined {
  const host = create.HostConfig ?? {};
  const ipcMode = host.IpcMode ?? '';
  if (ipcMode === 'none') return undefined;
  if (ipcMode === 'host') return { destination: '/dev/shm', type: 'bind', source: '/dev/shm', options: ['rbind', 'rprivate'] };
  const size = host.ShmSize !== undefined && host.ShmSize > 0 ? host.ShmSize : DEFAULT_SHM_SIZE_BYTES;
  return { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${size}`] };
}

function userMounts(input: MountInput): OciMount[] {
  const host = input.create.HostConfig ?? {};
  const mounts: OciMount[] = [];
  const seen = new Map<string, string>();
  const add = (mount: OciMount, where: string): void => {
    const previous = seen.get(mount.destination);
    if (previous !== undefined) {
      throw new BerthError('invalid_argument', `${where}: duplicate mount point ${mount.destination} (already mounted by ${previous})`);
    }
    seen.set(mount.destination, where);
    mounts.push(mount);
  };
  for (const bind of host.Binds ?? []) add(parseBind(bind, input.resolveVolume), `HostConfig.Binds "${bind}"`);
  for (const [index, mount] of (host.Mounts ?? []).entries()) add(apiMount(mount, input.resolveVolume, `HostConfig.Mounts[${index}]`), `HostConfig.Mounts[${index}]`);
  for (const [target, options] of Object.entries(host.Tmpfs ?? {})) {
    add(tmpfsMount(target, options.split(',').filter((option) => option !== ''), `HostConfig.Tmpfs "${target}"`), `HostConfig.Tmpfs "${target}"`);
  }
  // Anonymous volumes of the image and of Config.Volumes, unless something else is mounted there.
  for (const target of Object.keys({ ...(input.imageVolumes ?? {}), ...(input.create.Config.Volumes ?? {}) }).sort()) {
    const destination = cleanTarget(target, `Config.Volumes "${target}"`);
    if (seen.has(destination)) continue;
    add({ destination, type: 'bind', source: input.resolveVolume('', destination), options: ['rbind', 'rprivate'] }, `Config.Volumes "${target}"`);
  }
  return mounts;
}

/** `source:target[:options]` of HostConfig.Binds; a source without `/` names a volume. */
export function parseBind(bind: string, resolveVolume: (name: string, target: string) => string): OciMount {
  const where = `HostConfig.Binds "${bind}"`;
  const parts = bind.split(':');
  if (parts.length < 2 || parts.length > 3) throw new BerthError('invalid_argument', `${where}: expected source:target[:options]`);
  const [source = '', target = '', mode = ''] = parts;
  const destination = cleanTarget(target, where);
  let readOnly = false;
  let propagation = 'rprivate';
  for (const option of mode.split(',').filter((entry) => entry !== '')) {
    if (option === 'ro') readOnly = true;
    else if (option === 'rw') readOnly = false;
    else if (PROPAGATIONS.has(option)) propagation = option;
    else if (option === 'z' || option === 'Z' || option === 'nocopy') continue;
    else throw new BerthError('invalid_argument', `${where}: unknown option "${option}" (use ro, rw, a propagation mode, z, Z or nocopy)`);
  }
  if (source === '') throw new BerthError('invalid_argument', `${where}: the source is empty`);
  const hostPath = source.startsWith('/') ? posix.normalize(source) : resolveVolume(source, destination);
  return { destination, type: 'bind', source: hostPath, options: ['rbind', propagation, ...(readOnly ? ['ro'] : [])] };
}

function apiMount(mount: DockerCreateMount, resolveVolume: (name: string, target: string) => string, where: string): OciMount {
  const destination = cleanTarget(mount.Target ?? '', `${where}.Target`);
  const readOnly = mount.ReadOnly === true ? ['ro'] : [];
  switch (mount.Type) {
    case 'bind': {
      const source = mount.Source ?? '';
      if (!source.startsWith('/')) throw new BerthError('invalid_argument', `${where}: a bind mount needs an absolute Source, got "${source}"`);
      const propagation = mount.BindOptions?.Propagation || 'rprivate';
      if (!PROPAGATIONS.has(propagation)) throw new BerthError('invalid_argument', `${where}: unknown BindOptions.Propagation "${propagation}"`);
      return { destination, type: 'bind', source: posix.normalize(source), options: ['rbind', propagation, ...readOnly] };
    }
    case 'volume': {
      let source = resolveVolume(mount.Source ?? '', destination);
      const subpath = mount.VolumeOptions?.Subpath;
      if (subpath !== undefined && subpath !== '') {
        const clean = posix.normalize(subpath);
        if (clean.startsWith('/') || clean === '..' || clean.startsWith('../')) {
          throw new BerthError('invalid_argument', `${where}: VolumeOptions.Subpath "${subpath}" must stay inside the volume`);
        }
        source = posix.join(source, clean);
      }
      return { destination, type: 'bind', source, options: ['rbind', 'rprivate', ...readOnly] };
    }
    case 'tmpfs': {
      const options: string[] = [];
      const size = mount.TmpfsOptions?.SizeBytes;
      if (size !== undefined && size > 0) options.push(`size=${size}`);
      const mode = mount.TmpfsOptions?.Mode;
      if (mode !== undefined && mode !== 0) options.push(`mode=${mode.toString(8)}`);
      if (mount.ReadOnly === true) options.push('ro');
      return tmpfsMount(destination, options, where);
    }
    default:
      throw unsupported(`${where}.Type "${String(mount.Type)}"`, 'berthd mounts bind, volume and tmpfs');
  }
}

function tmpfsMount(target: string, userOptions: readonly string[], where: string): OciMount {
  return { destination: cleanTarget(target, where), type: 'tmpfs', source: 'tmpfs', options: mergeTmpfsOptions(['noexec', 'nosuid', 'nodev', ...userOptions]) };
}

const FLAG_PAIRS: Readonly<Record<string, string>> = {
  exec: 'exec', noexec: 'exec', suid: 'suid', nosuid: 'suid', dev: 'dev', nodev: 'dev', rw: 'rw', ro: 'rw',
  atime: 'atime', noatime: 'atime', diratime: 'diratime', nodiratime: 'diratime', strictatime: 'atime', relatime: 'atime',
};

/** Later options win: `exec` after the default `noexec`, the last `size=`. */
export function mergeTmpfsOptions(options: readonly string[]): string[] {
  const kept: string[] = [];
  const kinds = new Set<string>();
  for (const option of [...options].reverse()) {
    const kind = FLAG_PAIRS[option] ?? (option.includes('=') ? `${option.slice(0, option.indexOf('='))}=` : option);
    if (kinds.has(kind)) continue;
    kinds.add(kind);
    kept.unshift(option);
  }
  return kept;
}

function cleanTarget(target: string, where: string): string {
  if (!target.startsWith('/')) throw new BerthError('invalid_argument', `${where}: the mount target "${target}" must be an absolute path`);
  const clean = posix.normalize(target).replace(/\/+$/, '');
  if (clean === '') throw new BerthError('invalid_argument', `${where}: cannot mount over /`);
  return clean;
}

function sortByDepth(mounts: readonly OciMount[]): OciMount[] {
  const depth = (path: string): number => path.split('/').filter((part) => part !== '').length;
  return [...mounts].sort((left, right) => depth(left.destination) - depth(right.destination));
}
