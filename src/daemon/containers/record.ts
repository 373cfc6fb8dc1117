/**
 * What berthd stores about a container (one document each), and how it is
 * shown through the Docker API (`inspect` and `list` shapes).
 */
export type Status = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface HealthLogEntry {
  readonly Start: string;
  readonly End: string;
  readonly ExitCode: number;
  readonly Output: string;
}

export interface ContainerStateRecord {
  Status: Status;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: { Status: HealthStatus; FailingStreak: number; Log: HealthLogEntry[] } | undefined;
}

export interface MountPoint {
  readonly Type: 'bind' | 'volume' | 'tmpfs';
  readonly Name?: string;
  readonly Source: string;
  readonly Destination: string;
  readonly Driver?: string;
  readonly Mode: string;
  readonly RW: boolean;
  readonly Propagation: string;
}

/** Docker's `Config` of a container (as created, image defaults filled in). */
export interface DockerConfig {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Image?: string;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  ExposedPorts?: Record<string, object> | null;
  Volumes?: Record<string, object> | null;
  StopSignal?: string;
  StopTimeout?: number;
  Healthcheck?: DockerHealthcheck | null;
  [key: string]: unknown;
}

export interface DockerHealthcheck {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface DockerMount {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: string; CreateMountpoint?: boolean } | null;
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; Subpath?: string } | null;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number } | null;
}

export interface DockerHostConfig {
  Binds?: string[] | null;
  Mounts?: DockerMount[] | null;
  Tmpfs?: Record<string, string> | null;
  NetworkMode?: string;
  PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
  AutoRemove?: boolean;
  Init?: boolean | null;
  ExtraHosts?: string[] | null;
  Dns?: string[] | null;
  DnsSearch?: string[] | null;
  DnsOptions?: string[] | null;
  VolumesFrom?: string[] | null;
  [key: string]: unknown;
}

export interface ContainerRecord {
  readonly Id: string;
  Name: string;
  readonly Created: string;
  /** The image ID (`sha256:…`). */
  readonly Image: string;
  readonly Path: string;
  readonly Args: string[];
  readonly Config: DockerConfig;
  readonly HostConfig: DockerHostConfig;
  readonly NetworkingConfig?: unknown;
  readonly Mounts: MountPoint[];
  /** Every mount, resolved (volume names made, image volumes included), as the runtime gets them. */
  readonly ResolvedMounts?: import('./mounts.js').MountRequest[];
  State: ContainerStateRecord;
  RestartCount: number;
  /** Stopped by a user (stop/kill): `unless-stopped` and `always` do not bring it back. */
  ManuallyStopped: boolean;
  /** The directory that holds the bundle, the log and conmon's exit files. */
  readonly Directory: string;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function initialState(): ContainerStateRecord {
  return {
    Status: 'created',
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: '',
    StartedAt: ZERO_TIME,
    FinishedAt: ZERO_TIME,
  };
}

export function toInspect(record: ContainerRecord, imageReference: string, logPath: string): Record<string, unknown> {
  const ports = portMap(record);
  const networkMode = record.HostConfig.NetworkMode ?? 'none';
  return {
    Id: record.Id,
    Created: record.Created,
    Path: record.Path,
    Args: record.Args,
    State: record.State,
    Image: record.Image,
    ResolvConfPath: `${record.Directory}/resolv.conf`,
    HostnamePath: `${record.Directory}/hostname`,
    HostsPath: `${record.Directory}/hosts`,
    LogPath: logPath,
    Name: record.Name,
    RestartCount: record.RestartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: record.HostConfig,
    GraphDriver: { Name: 'overlay2', Data: null },
    Mounts: record.Mounts,
    Config: { ...record.Config, Image: imageReference },
    NetworkSettings: {
      Bridge: '',
      SandboxID: '',
      HairpinMode: false,
      Ports: ports,
      SandboxKey: '',
      Networks: networkMode === 'host' || networkMode === 'none' ? { [networkMode]: endpoint() } : {},
    },
  };
}

export function toSummary(record: ContainerRecord, imageReference: string, now: Date): Record<string, unknown> {
  const networkMode = record.HostConfig.NetworkMode ?? 'none';
  return {
    Id: record.Id,
    Names: [record.Name],
    Image: imageReference,
    ImageID: record.Image,
    Command: [record.Path, ...record.Args].map((part) => (/\s/.test(part) ? `'${part}'` : part)).join(' '),
    Created: Math.floor(Date.parse(record.Created) / 1000),
    Ports: [],
    Labels: record.Config.Labels ?? {},
    State: record.State.Status,
    Status: statusText(record, now),
    HostConfig: { NetworkMode: networkMode },
    NetworkSettings: { Networks: networkMode === 'host' || networkMode === 'none' ? { [networkMode]: endpoint() } : {} },
    Mounts: record.Mounts,
  };
}

function endpoint(): Record<string, unknown> {
  return { IPAMConfig: null, Links: null, Aliases: null, NetworkID: '', EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, MacAddress: '' };
}

function portMap(record: ContainerRecord): Record<string, null> {
  const ports: Record<string, null> = {};
  for (const port of Object.keys(record.Config.ExposedPorts ?? {})) ports[port] = null;
  return ports;
}

/** Docker's human status: `Up 5 seconds (healthy)`, `Exited (1) 2 minutes ago`, `Created`. */
export function statusText(record: ContainerRecord, now: Date): string {
  const state = record.State;
  switch (state.Status) {
    case 'created':
      return 'Created';
    case 'running':
    case 'paused': {
      const health = state.Health === undefined ? '' : ` (${state.Health.Status === 'starting' ? 'health: starting' : state.Health.Status})`;
      return `Up ${duration(now.getTime() - Date.parse(state.StartedAt))}${state.Status === 'paused' ? ' (Paused)' : health}`;
    }
    case 'restarting':
      return `Restarting (${state.ExitCode}) ${duration(now.getTime() - Date.parse(state.FinishedAt))} ago`;
    case 'removing':
      return 'Removal In Progress';
    case 'exited':
      return `Exited (${state.ExitCode}) ${duration(now.getTime() - Date.parse(state.FinishedAt))} ago`;
    case 'dead':
      return 'Dead';
    default:
      return assertNever(state.Status);
  }
}

function duration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 1) return 'Less than a second';
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'About a minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return hours === 1 ? 'About an hour' : `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
