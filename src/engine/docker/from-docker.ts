/**
 * Docker's answers → the engine interface's shapes. Only the fields berth
 * reads are declared; everything is optional because older engines leave
 * fields out and some send `null` for empty lists and maps.
 */
import type {
  ContainerInfo,
  ContainerState,
  ContainerSummary,
  HealthcheckSpec,
  HealthStatus,
  ImageInfo,
  Labels,
  NetworkInfo,
  RestartPolicy,
  VolumeInfo,
} from '../engine.js';
import { assertNever } from './assert-never.js';

type Maybe<T> = T | null | undefined;

export interface DockerContainerSummary {
  Id: string;
  Names?: Maybe<string[]>;
  Image?: string;
  ImageID?: string;
  Labels?: Maybe<Record<string, string>>;
  State?: string;
  Status?: string;
  Command?: string;
  Created?: number;
  Ports?: Maybe<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[]>;
  NetworkSettings?: Maybe<{ Networks?: Maybe<Record<string, { IPAddress?: string }>> }>;
}

export interface DockerHealthcheck {
  Test?: Maybe<string[]>;
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface DockerContainerInspect {
  Id: string;
  Name?: string;
  Image?: string;
  Created?: string;
  RestartCount?: number;
  State?: {
    Status?: string;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    OOMKilled?: boolean;
    Dead?: boolean;
    Pid?: number;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: Maybe<{ Status?: string; Log?: Maybe<{ Start?: string; End?: string; ExitCode?: number; Output?: string }[]> }>;
  };
  Config?: {
    Image?: string;
    Labels?: Maybe<Record<string, string>>;
    Env?: Maybe<string[]>;
    Tty?: boolean;
    StopSignal?: string;
    StopTimeout?: number;
    Healthcheck?: Maybe<DockerHealthcheck>;
  };
  HostConfig?: { RestartPolicy?: Maybe<{ Name?: string; MaximumRetryCount?: number }> };
  Mounts?: Maybe<{ Type?: string; Name?: string; Source?: string; Destination?: string }[]>;
  NetworkSettings?: {
    Ports?: Maybe<Record<string, Maybe<{ HostIp?: string; HostPort?: string }[]>>>;
    Networks?: Maybe<Record<string, { IPAddress?: string }>>;
  };
}

export interface DockerImageInspect {
  Id: string;
  RepoTags?: Maybe<string[]>;
  RepoDigests?: Maybe<string[]>;
  Created?: string;
  Size?: number;
  Os?: string;
  Architecture?: string;
  Variant?: string;
  Config?: Maybe<{
    Entrypoint?: Maybe<string[]>;
    Cmd?: Maybe<string[]>;
    Env?: Maybe<string[]>;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Maybe<Record<string, unknown>>;
    Labels?: Maybe<Record<string, string>>;
    Healthcheck?: Maybe<DockerHealthcheck>;
  }>;
}

export interface DockerNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Internal?: boolean;
  Labels?: Maybe<Record<string, string>>;
  IPAM?: Maybe<{ Config?: Maybe<{ Subnet?: string }[]> }>;
  Containers?: Maybe<Record<string, unknown>>;
}

export interface DockerVolume {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  Labels?: Maybe<Record<string, string>>;
}

const STATES: ReadonlySet<string> = new Set<ContainerState>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

export function containerState(text: string | undefined): ContainerState {
  return text !== undefined && STATES.has(text) ? (text as ContainerState) : 'dead';
}

export function labels(value: Maybe<Record<string, string>>): Labels {
  return { ...(value ?? {}) };
}

export function fromContainerSummary(container: DockerContainerSummary): ContainerSummary {
  const networks: Record<string, string> = {};
  for (const [name, endpoint] of Object.entries(container.NetworkSettings?.Networks ?? {})) networks[name] = endpoint.IPAddress ?? '';
  const ports = (container.Ports ?? [])
    .filter((port) => port.PublicPort !== undefined && port.PublicPort !== 0)
    .map((port) => ({ containerPort: `${port.PrivatePort}/${port.Type}`, hostIp: port.IP ?? '', hostPort: port.PublicPort ?? 0 }));
  return {
    id: container.Id,
    name: (container.Names?.[0] ?? '').replace(/^\//, ''),
    image: container.Image ?? '',
    imageId: container.ImageID ?? '',
    labels: labels(container.Labels),
    state: containerState(container.State),
    status: container.Status ?? '',
    ...(container.Command !== undefined ? { command: container.Command } : {}),
    createdAt: container.Created === undefined ? '' : new Date(container.Created * 1000).toISOString(),
    ports,
    networks,
  };
}

function healthStatus(text: string | undefined): HealthStatus {
  return text === 'starting' || text === 'healthy' || text === 'unhealthy' ? text : 'none';
}

export function restartPolicy(value: Maybe<{ Name?: string; MaximumRetryCount?: number }>): RestartPolicy {
  switch (value?.Name) {
    case 'always':
      return { name: 'always' };
    case 'unless-stopped':
      return { name: 'unless-stopped' };
    case 'on-failure':
      return { name: 'on-failure', maximumRetryCount: value.MaximumRetryCount ?? 0 };
    default:
      return { name: 'no' };
  }
}

/** Inspect has no human status text; this says the same as `docker ps` without the durations. */
function statusText(state: ContainerState, exitCode: number, health: HealthStatus): string {
  const healthSuffix = health === 'none' ? '' : ` (${health === 'starting' ? 'health: starting' : health})`;
  switch (state) {
    case 'created':
      return 'Created';
    case 'running':
      return `Up${healthSuffix}`;
    case 'paused':
      return 'Up (Paused)';
    case 'restarting':
      return `Restarting (${exitCode})`;
    case 'removing':
      return 'Removal In Progress';
    case 'exited':
      return `Exited (${exitCode})`;
    case 'dead':
      return 'Dead';
    default:
      return assertNever(state);
  }
}

export function fromContainerInspect(container: DockerContainerInspect): ContainerInfo {
  const state = containerState(container.State?.Status);
  const exitCode = container.State?.ExitCode ?? 0;
  const health = healthStatus(container.State?.Health?.Status);
  const ports: { containerPort: string; hostIp: string; hostPort: number }[] = [];
  for (const [containerPort, bindings] of Object.entries(container.NetworkSettings?.Ports ?? {})) {
    for (const binding of bindings ?? []) {
      ports.push({ containerPort, hostIp: binding.HostIp ?? '', hostPort: Number(binding.HostPort ?? 0) });
    }
  }
  const networks: Record<string, string> = {};
  for (const [name, endpoint] of Object.entries(container.NetworkSettings?.Networks ?? {})) networks[name] = endpoint.IPAddress ?? '';
  const config = container.Config ?? {};
  const test = config.Healthcheck?.Test ?? [];
  return {
    id: container.Id,
    name: (container.Name ?? '').replace(/^\//, ''),
    image: config.Image ?? '',
    imageId: container.Image ?? '',
    labels: labels(config.Labels),
    state,
    status: statusText(state, exitCode, health),
    createdAt: container.Created ?? '',
    ports,
    networks,
    health,
    healthLog: (container.State?.Health?.Log ?? []).map((entry) => ({ exitCode: entry.ExitCode ?? 0, output: entry.Output ?? '', end: entry.End ?? '' })),
    exitCode,
    oomKilled: container.State?.OOMKilled ?? false,
    pid: container.State?.Pid ?? 0,
    startedAt: container.State?.StartedAt ?? '',
    finishedAt: container.State?.FinishedAt ?? '',
    restartCount: container.RestartCount ?? 0,
    mounts: (container.Mounts ?? []).map((mount) => ({
      type: mount.Type ?? '',
      ...(mount.Name !== undefined && mount.Name !== '' ? { name: mount.Name } : {}),
      source: mount.Source ?? '',
      target: mount.Destination ?? '',
    })),
    spec: {
      env: [...(config.Env ?? [])],
      tty: config.Tty ?? false,
      ...(config.StopSignal !== undefined && config.StopSignal !== '' ? { stopSignal: config.StopSignal } : {}),
      ...(config.StopTimeout !== undefined ? { stopTimeoutSeconds: config.StopTimeout } : {}),
      restartPolicy: restartPolicy(container.HostConfig?.RestartPolicy),
      hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
    },
  };
}

function fromHealthcheck(value: Maybe<DockerHealthcheck>): HealthcheckSpec | undefined {
  if (value === null || value === undefined || (value.Test ?? []).length === 0) return undefined;
  return {
    test: [...(value.Test ?? [])],
    ...(value.Interval ? { intervalNs: value.Interval } : {}),
    ...(value.Timeout ? { timeoutNs: value.Timeout } : {}),
    ...(value.StartPeriod ? { startPeriodNs: value.StartPeriod } : {}),
    ...(value.StartInterval ? { startIntervalNs: value.StartInterval } : {}),
    ...(value.Retries ? { retries: value.Retries } : {}),
  };
}

export function fromImageInspect(image: DockerImageInspect): ImageInfo {
  const config = image.Config ?? {};
  const healthcheck = fromHealthcheck(config.Healthcheck);
  return {
    id: image.Id,
    repoTags: [...(image.RepoTags ?? [])].filter((tag) => tag !== '<none>:<none>'),
    repoDigests: [...(image.RepoDigests ?? [])].filter((digest) => digest !== '<none>@<none>'),
    labels: labels(config.Labels),
    createdAt: image.Created ?? '',
    sizeBytes: image.Size ?? 0,
    ...(image.Os !== undefined && image.Os !== '' ? { platform: { os: image.Os, architecture: image.Architecture ?? '', ...(image.Variant ? { variant: image.Variant } : {}) } } : {}),
    config: {
      entrypoint: config.Entrypoint ? [...config.Entrypoint] : null,
      command: config.Cmd ? [...config.Cmd] : null,
      env: [...(config.Env ?? [])],
      workingDir: config.WorkingDir ?? '',
      user: config.User ?? '',
      exposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
      ...(healthcheck !== undefined ? { healthcheck } : {}),
    },
  };
}

export function fromNetwork(network: DockerNetwork): NetworkInfo {
  return {
    id: network.Id,
    name: network.Name,
    driver: network.Driver ?? '',
    labels: labels(network.Labels),
    internal: network.Internal ?? false,
    subnets: (network.IPAM?.Config ?? []).flatMap((config) => (config.Subnet ? [config.Subnet] : [])),
    containers: Object.keys(network.Containers ?? {}),
  };
}

export function fromVolume(volume: DockerVolume): VolumeInfo {
  return { name: volume.Name, driver: volume.Driver ?? '', labels: labels(volume.Labels), mountpoint: volume.Mountpoint ?? '' };
}

/** `{"label": ["k=v", …]}` for Docker's `filters` query parameter. */
export function labelFilters(wanted: Labels | undefined): Record<string, string[]> {
  const entries = Object.entries(wanted ?? {}).map(([key, value]) => (value === '' ? key : `${key}=${value}`));
  return entries.length === 0 ? {} : { label: entries };
}
