/**
 * Which create options the runtime layer reads, which the daemon core
 * handles (ports, restart policy, logs, DNS files, …), and which berthd
 * refuses. Clients such as the docker CLI send most fields with zero
 * values, so a refused or unknown option only fails when it is set.
 */
import { BerthError } from '../../errors.js';
import type { DockerCreateBody } from './docker-create.js';

type Handling = 'spec' | 'core' | 'refused';

const HOST_CONFIG: Readonly<Record<string, Handling>> = {
  Binds: 'spec', Mounts: 'spec', Tmpfs: 'spec', NetworkMode: 'spec', IpcMode: 'spec', PidMode: 'spec', UTSMode: 'spec',
  UsernsMode: 'spec', CgroupnsMode: 'spec', Init: 'spec', Privileged: 'spec', ReadonlyRootfs: 'spec', CapAdd: 'spec',
  CapDrop: 'spec', SecurityOpt: 'spec', Sysctls: 'spec', Devices: 'spec', DeviceCgroupRules: 'spec', Ulimits: 'spec',
  GroupAdd: 'spec', ShmSize: 'spec', OomScoreAdj: 'spec', OomKillDisable: 'spec', Memory: 'spec', MemorySwap: 'spec',
  MemoryReservation: 'spec', MemorySwappiness: 'spec', NanoCpus: 'spec', CpuQuota: 'spec', CpuPeriod: 'spec',
  CpuShares: 'spec', CpusetCpus: 'spec', CpusetMems: 'spec', PidsLimit: 'spec', CgroupParent: 'spec',
  MaskedPaths: 'spec', ReadonlyPaths: 'spec', Annotations: 'spec', Runtime: 'spec', Isolation: 'spec',
  // The daemon core: networking files, ports, lifecycle, logging.
  PortBindings: 'core', PublishAllPorts: 'core', RestartPolicy: 'core', AutoRemove: 'core', LogConfig: 'core',
  Dns: 'core', DnsOptions: 'core', DnsSearch: 'core', ExtraHosts: 'core', VolumesFrom: 'core', Links: 'core',
  ContainerIDFile: 'core', ConsoleSize: 'core', VolumeDriver: 'core',
  // Not implemented by berthd.
  Cgroup: 'refused', StorageOpt: 'refused', BlkioWeight: 'refused', BlkioWeightDevice: 'refused',
  BlkioDeviceReadBps: 'refused', BlkioDeviceWriteBps: 'refused', BlkioDeviceReadIOps: 'refused',
  BlkioDeviceWriteIOps: 'refused', CpuRealtimePeriod: 'refused', CpuRealtimeRuntime: 'refused',
  DeviceRequests: 'refused', KernelMemory: 'refused', KernelMemoryTCP: 'refused', CpuCount: 'refused',
  CpuPercent: 'refused', IOMaximumIOps: 'refused', IOMaximumBandwidth: 'refused',
};

const CONFIG: Readonly<Record<string, Handling>> = {
  Hostname: 'spec', Domainname: 'spec', User: 'spec', Tty: 'spec', Env: 'spec', Cmd: 'spec', Entrypoint: 'spec',
  WorkingDir: 'spec', Volumes: 'spec',
  AttachStdin: 'core', AttachStdout: 'core', AttachStderr: 'core', OpenStdin: 'core', StdinOnce: 'core',
  ExposedPorts: 'core', Healthcheck: 'core', ArgsEscaped: 'core', Image: 'core', MacAddress: 'core', OnBuild: 'core',
  Labels: 'core', StopSignal: 'core', StopTimeout: 'core', Shell: 'core',
  NetworkDisabled: 'refused',
};

/** Throws naming the first option that is set but refused or unknown. */
export function checkOptions(create: DockerCreateBody): void {
  check(create.Config, CONFIG, 'Config');
  if (create.HostConfig) check(create.HostConfig, HOST_CONFIG, 'HostConfig');
  const host = create.HostConfig ?? {};
  if (host.Runtime !== undefined && host.Runtime !== '' && host.Runtime !== 'runc') {
    throw unsupported(`HostConfig.Runtime "${host.Runtime}"`, 'berthd runs every container with runc');
  }
  if (host.Isolation !== undefined && host.Isolation !== '' && host.Isolation !== 'default') {
    throw unsupported(`HostConfig.Isolation "${String(host.Isolation)}"`, 'only the default isolation exists on Linux');
  }
}

function check(section: Readonly<Record<string, unknown>>, table: Readonly<Record<string, Handling>>, where: string): void {
  for (const [key, value] of Object.entries(section)) {
    if (isZero(value)) continue;
    const handling = table[key];
    if (handling === 'spec' || handling === 'core') continue;
    throw unsupported(`${where}.${key}`, handling === 'refused' ? 'berthd does not implement it' : 'berthd does not know this option');
  }
}

function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.every(isZero);
  if (typeof value === 'object') return Object.values(value).every(isZero);
  return false;
}

export function unsupported(option: string, why: string): BerthError {
  return new BerthError('invalid_argument', `${option} is not supported: ${why}; remove it from the container's configuration`);
}
