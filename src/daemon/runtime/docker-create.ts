/**
 * The parts of Docker's `POST /containers/create` body (Engine API v1.41)
 * that shape the OCI runtime spec. Fields the daemon core handles itself
 * (ports, restart policy, health check, labels, log config, …) may be
 * present; `spec-options.ts` says which are read here, which are the
 * core's, and which are refused.
 */
export interface DockerCreateBody {
  readonly Config: DockerCreateConfig;
  readonly HostConfig?: DockerCreateHostConfig | null | undefined;
}

export interface DockerCreateConfig {
  readonly Hostname?: string | undefined;
  readonly Domainname?: string | undefined;
  readonly User?: string | undefined;
  readonly Tty?: boolean | undefined;
  readonly Env?: readonly string[] | null | undefined;
  readonly Cmd?: readonly string[] | null | undefined;
  readonly Entrypoint?: readonly string[] | null | undefined;
  readonly WorkingDir?: string | undefined;
  /** Anonymous volumes: targets the caller resolves through `resolveVolume('', target)`. */
  readonly Volumes?: Readonly<Record<string, object>> | null | undefined;
  readonly [key: string]: unknown;
}

export interface DockerUlimit {
  readonly Name: string;
  readonly Soft: number;
  readonly Hard: number;
}

export interface DockerDeviceMapping {
  readonly PathOnHost: string;
  readonly PathInContainer?: string | undefined;
  readonly CgroupPermissions?: string | undefined;
}

export interface DockerCreateMount {
  readonly Type?: string | undefined;
  readonly Source?: string | undefined;
  readonly Target?: string | undefined;
  readonly ReadOnly?: boolean | undefined;
  readonly BindOptions?: { readonly Propagation?: string | undefined; readonly CreateMountpoint?: boolean | undefined } | null | undefined;
  readonly VolumeOptions?: { readonly NoCopy?: boolean | undefined; readonly Subpath?: string | undefined; readonly [key: string]: unknown } | null | undefined;
  readonly TmpfsOptions?: { readonly SizeBytes?: number | undefined; readonly Mode?: number | undefined } | null | undefined;
}

export interface DockerCreateHostConfig {
  readonly Binds?: readonly string[] | null | undefined;
  readonly Mounts?: readonly DockerCreateMount[] | null | undefined;
  readonly Tmpfs?: Readonly<Record<string, string>> | null | undefined;
  readonly NetworkMode?: string | undefined;
  readonly IpcMode?: string | undefined;
  readonly PidMode?: string | undefined;
  readonly UTSMode?: string | undefined;
  readonly UsernsMode?: string | undefined;
  readonly CgroupnsMode?: string | undefined;
  readonly Init?: boolean | null | undefined;
  readonly Privileged?: boolean | undefined;
  readonly ReadonlyRootfs?: boolean | undefined;
  readonly CapAdd?: readonly string[] | null | undefined;
  readonly CapDrop?: readonly string[] | null | undefined;
  readonly SecurityOpt?: readonly string[] | null | undefined;
  readonly Sysctls?: Readonly<Record<string, string>> | null | undefined;
  readonly Devices?: readonly DockerDeviceMapping[] | null | undefined;
  readonly DeviceCgroupRules?: readonly string[] | null | undefined;
  readonly Ulimits?: readonly DockerUlimit[] | null | undefined;
  readonly GroupAdd?: readonly string[] | null | undefined;
  readonly ShmSize?: number | undefined;
  readonly OomScoreAdj?: number | undefined;
  readonly OomKillDisable?: boolean | null | undefined;
  readonly Memory?: number | undefined;
  readonly MemorySwap?: number | undefined;
  readonly MemoryReservation?: number | undefined;
  readonly MemorySwappiness?: number | null | undefined;
  readonly NanoCpus?: number | undefined;
  readonly CpuQuota?: number | undefined;
  readonly CpuPeriod?: number | undefined;
  readonly CpuShares?: number | undefined;
  readonly CpusetCpus?: string | undefined;
  readonly CpusetMems?: string | undefined;
  readonly PidsLimit?: number | null | undefined;
  readonly [key: string]: unknown;
}
