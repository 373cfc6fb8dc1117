/**
 * Cgroup resources, rlimits, devices and sysctls, with Docker's
 * validation rules and one host rule of berthd's: no rlimit above the
 * host's hard limit (root lacks CAP_SYS_RESOURCE on such hosts, and runc
 * would fail with EPERM).
 */
import { BerthError } from '../../errors.js';
import type { DockerCreateHostConfig } from './docker-create.js';
import type { OciDevice, OciDeviceCgroup, OciResources, OciRlimit } from './oci-spec.js';

export type HostLimits = Readonly<Record<string, { readonly soft: number; readonly hard: number }>>;

/** Docker's ulimit names → the kernel's resources. */
export const RLIMIT_TYPES: Readonly<Record<string, string>> = {
  as: 'RLIMIT_AS', core: 'RLIMIT_CORE', cpu: 'RLIMIT_CPU', data: 'RLIMIT_DATA', fsize: 'RLIMIT_FSIZE',
  locks: 'RLIMIT_LOCKS', memlock: 'RLIMIT_MEMLOCK', msgqueue: 'RLIMIT_MSGQUEUE', nice: 'RLIMIT_NICE',
  nofile: 'RLIMIT_NOFILE', nproc: 'RLIMIT_NPROC', rss: 'RLIMIT_RSS', rtprio: 'RLIMIT_RTPRIO', rttime: 'RLIMIT_RTTIME',
  sigpending: 'RLIMIT_SIGPENDING', stack: 'RLIMIT_STACK',
};

const MIN_MEMORY_BYTES = 6 * 1024 * 1024;
const CPU_PERIOD_US = 100_000;

/** Docker's Ulimits (-1 = unlimited) plus the runc default nofile 1024:1024, each clamped to the host's hard limit. */
export function buildRlimits(ulimits: DockerCreateHostConfig['Ulimits'], hostLimits: HostLimits): OciRlimit[] {
  const requested = new Map<string, { soft: number; hard: number }>([['nofile', { soft: 1024, hard: 1024 }]]);
  for (const ulimit of ulimits ?? []) {
    if (RLIMIT_TYPES[ulimit.Name] === undefined) throw new BerthError('invalid_argument', `HostConfig.Ulimits: unknown ulimit "${ulimit.Name}"`);
    const soft = ulimit.Soft < 0 ? Number.POSITIVE_INFINITY : ulimit.Soft;
    const hard = ulimit.Hard < 0 ? Number.POSITIVE_INFINITY : ulimit.Hard;
    if (soft > hard) throw new BerthError('invalid_argument', `HostConfig.Ulimits ${ulimit.Name}: soft limit ${ulimit.Soft} is above the hard limit ${ulimit.Hard}`);
    requested.set(ulimit.Name, { soft, hard });
  }
  return [...requested.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([name, limit]) => {
      const hostHard = hostLimits[name]?.hard ?? Number.POSITIVE_INFINITY;
      const hard = Math.min(limit.hard, hostHard);
      return { type: RLIMIT_TYPES[name] ?? name, soft: Math.min(limit.soft, hard), hard };
    });
}

export interface ResourceInput {
  readonly host: DockerCreateHostConfig;
  /** False on hosts without swap accounting (no memory.memsw.* files): swap limits are left out, as Docker does. */
  readonly swapLimitSupported: boolean;
  readonly devices: readonly OciDevice[];
  readonly deviceRules: readonly OciDeviceCgroup[];
}

export function buildResources(input: ResourceInput): OciResources {
  const host = input.host;
  const privileged = host.Privileged === true;
  const resources: OciResources = {
    devices: privileged ? [{ allow: true, access: 'rwm' }] : [{ allow: false, access: 'rwm' }, ...input.deviceRules],
  };

  const memory: NonNullable<OciResources['memory']> = {};
  const limit = host.Memory ?? 0;
  if (limit > 0) {
    if (limit < MIN_MEMORY_BYTES) throw new BerthError('invalid_argument', `HostConfig.Memory ${limit}: the minimum memory limit is 6MB`);
    memory.limit = limit;
  }
  const swap = host.MemorySwap ?? 0;
  if (swap > 0 && limit <= 0) throw new BerthError('invalid_argument', 'HostConfig.MemorySwap: a swap limit needs a memory limit (Memory) too');
  if (swap > 0 && swap < limit) throw new BerthError('invalid_argument', `HostConfig.MemorySwap ${swap}: must be at least Memory (${limit}); it is memory plus swap`);
  if (input.swapLimitSupported && limit > 0) {
    if (swap > 0 || swap === -1) memory.swap = swap;
    else memory.swap = limit * 2;
  }
  const reservation = host.MemoryReservation ?? 0;
  if (reservation > 0) {
    if (limit > 0 && reservation > limit) throw new BerthError('invalid_argument', `HostConfig.MemoryReservation ${reservation}: must be below Memory (${limit})`);
    memory.reservation = reservation;
  }
  const swappiness = host.MemorySwappiness;
  if (swappiness !== undefined && swappiness !== null && swappiness !== -1) {
    if (swappiness < 0 || swappiness > 100) throw new BerthError('invalid_argument', `HostConfig.MemorySwappiness ${swappiness}: must be between 0 and 100`);
    memory.swappiness = swappiness;
  }
  if (host.OomKillDisable === true) memory.disableOOMKiller = true;
  if (Object.keys(memory).length > 0) resources.memory = memory;

  const cpu: NonNullable<OciResources['cpu']> = {};
  const nanoCpus = host.NanoCpus ?? 0;
  if (nanoCpus > 0) {
    if ((host.CpuQuota ?? 0) > 0 || (host.CpuPeriod ?? 0) > 0) {
      throw new BerthError('invalid_argument', 'HostConfig.NanoCpus conflicts with CpuQuota/CpuPeriod: set one or the other');
    }
    cpu.period = CPU_PERIOD_US;
    cpu.quota = Math.max(1000, Math.round((nanoCpus * CPU_PERIOD_US) / 1e9));
  }
  if ((host.CpuQuota ?? 0) > 0) cpu.quota = host.CpuQuota ?? 0;
  if ((host.CpuPeriod ?? 0) > 0) cpu.period = host.CpuPeriod ?? 0;
  if ((host.CpuShares ?? 0) > 0) cpu.shares = host.CpuShares ?? 0;
  if (host.CpusetCpus) cpu.cpus = host.CpusetCpus;
  if (host.CpusetMems) cpu.mems = host.CpusetMems;
  if (Object.keys(cpu).length > 0) resources.cpu = cpu;

  const pids = host.PidsLimit ?? 0;
  if (pids > 0) resources.pids = { limit: pids };
  return resources;
}

export interface HostDevice {
  readonly type: 'c' | 'b';
  readonly major: number;
  readonly minor: number;
  readonly fileMode: number;
  readonly uid: number;
  readonly gid: number;
}

/** HostConfig.Devices → device nodes in the container plus their cgroup allow rules. */
export function buildDevices(
  host: DockerCreateHostConfig,
  resolveDevice: ((path: string) => HostDevice) | undefined,
): { devices: OciDevice[]; rules: OciDeviceCgroup[] } {
  const devices: OciDevice[] = [];
  const rules: OciDeviceCgroup[] = [];
  for (const mapping of host.Devices ?? []) {
    const where = `HostConfig.Devices "${mapping.PathOnHost}"`;
    if (resolveDevice === undefined) throw new BerthError('invalid_argument', `${where}: no device resolver was given`);
    const access = mapping.CgroupPermissions || 'rwm';
    if (!/^[rwm]{1,3}$/.test(access)) throw new BerthError('invalid_argument', `${where}: CgroupPermissions "${access}" must be a mix of r, w and m`);
    const device = resolveDevice(mapping.PathOnHost);
    const path = mapping.PathInContainer || mapping.PathOnHost;
    if (!path.startsWith('/')) throw new BerthError('invalid_argument', `${where}: PathInContainer "${path}" must be absolute`);
    devices.push({ path, ...device });
    rules.push({ allow: true, type: device.type, major: device.major, minor: device.minor, access });
  }
  for (const rule of host.DeviceCgroupRules ?? []) rules.push(parseDeviceRule(rule));
  return { devices, rules };
}

/** `c 1:3 rwm`, `b *:* m`, `a *:* rwm`. */
export function parseDeviceRule(rule: string): OciDeviceCgroup {
  const match = /^([acb]) (\*|\d+):(\*|\d+) ([rwm]{1,3})$/.exec(rule.trim());
  if (match === null) throw new BerthError('invalid_argument', `HostConfig.DeviceCgroupRules "${rule}": expected "<a|b|c> <major|*>:<minor|*> <rwm>"`);
  const [, type = 'a', major = '*', minor = '*', access = 'rwm'] = match;
  const result: OciDeviceCgroup = { allow: true, type: type as 'a' | 'b' | 'c', access };
  if (major !== '*') result.major = Number(major);
  if (minor !== '*') result.minor = Number(minor);
  return result;
}

const IPC_SYSCTLS = new Set(['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced']);

/** Only namespaced sysctls, as Docker allows: IPC ones without `ipc: host`, `net.*` without `network_mode: host`. */
export function checkSysctls(host: DockerCreateHostConfig): Record<string, string> | undefined {
  const sysctls = host.Sysctls ?? {};
  const names = Object.keys(sysctls).sort();
  if (names.length === 0) return undefined;
  const result: Record<string, string> = {};
  for (const name of names) {
    const where = `HostConfig.Sysctls "${name}"`;
    if (IPC_SYSCTLS.has(name) || name.startsWith('fs.mqueue.')) {
      if (host.IpcMode === 'host') throw new BerthError('invalid_argument', `${where}: an IPC sysctl cannot be set with ipc: host`);
    } else if (name.startsWith('net.')) {
      if (host.NetworkMode === 'host') throw new BerthError('invalid_argument', `${where}: a net.* sysctl cannot be set with network_mode: host`);
    } else {
      throw new BerthError('invalid_argument', `${where}: not a namespaced sysctl (allowed: kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*, net.*)`);
    }
    result[name] = sysctls[name] ?? '';
  }
  return result;
}
