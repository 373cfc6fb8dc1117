/**
 * The typed shape of a loaded project: the canonical tree after merge,
 * defaults, path resolution and normalisation, under compose-go's field
 * names (its yaml tags) and long forms — the shapes `docker compose config`
 * prints. Types only; the loader produces values of these types.
 *
 * Conventions:
 * - Every interface is read-only; absent attributes are absent keys, never
 *   `undefined` values (`exactOptionalPropertyTypes`).
 * - `x-*` extension keys stay inline where Compose allows them, as they do in
 *   the tree (`Extensible`), so freezing a tree into a `Project` moves nothing.
 * - Durations are Go duration text (`DurationText`, e.g. `1m30s`), byte
 *   sizes decimal text (`ByteSize`) and file modes octal text (`FileMode`),
 *   as compose-go prints them and the canonicalizer writes them.
 */

/** `x-*` keys, kept inline beside the attributes Compose defines. */
export interface Extensible {
  readonly [key: `x-${string}`]: unknown;
}

/**
 * A duration as Go prints `time.Duration`: `1m30s`, `500ms`, `1h0m0s`, `0s`.
 * The canonicalizer turns every accepted input (`90s`, `1m30s`, `1.5m`) into
 * this text, so equal durations compare equal as strings.
 */
export type DurationText = string;

/**
 * A number of bytes as decimal text (`"1073741824"`), the way compose-go
 * prints it: Compose accepts `1g`, `512m`, `1.5g` or a plain number, and the
 * canonicalizer writes the count. Text rather than a number because a count
 * may exceed 2^53; read it with `BigInt(value)` (or `Number` when small).
 * `-1` means unlimited where the engine allows it (`memswap_limit`).
 */
export type ByteSize = string;

/**
 * File permission bits as octal text with a leading zero (`"0440"`), the way
 * compose-go prints them; read with `Number.parseInt(value, 8)`.
 */
export type FileMode = string;

/** `KEY: value` pairs where a bare `KEY` (no value) is kept as `null`. */
export type MappingWithNulls = Readonly<Record<string, string | null>>;

/** `KEY: value` pairs. */
export type Mapping = Readonly<Record<string, string>>;

// ---------------------------------------------------------------------------
// Project and top-level resources
// ---------------------------------------------------------------------------

export interface Project extends Extensible {
  /** The normalized project name (`-p`, `COMPOSE_PROJECT_NAME`, `name:` or the directory). */
  readonly name: string;
  /** Absolute project directory; every relative path was resolved against it. */
  readonly workingDir: string;
  readonly services: Readonly<Record<string, ServiceConfig>>;
  readonly networks?: Readonly<Record<string, NetworkConfig>>;
  readonly volumes?: Readonly<Record<string, VolumeConfig>>;
  readonly secrets?: Readonly<Record<string, SecretConfig>>;
  readonly configs?: Readonly<Record<string, ConfigObjectConfig>>;
  readonly models?: Readonly<Record<string, ModelConfig>>;
}

export interface NetworkConfig extends Extensible {
  /** After normalisation always set: `<project>_<key>`, the key when external, or as written. */
  readonly name?: string;
  readonly driver?: string;
  readonly driver_opts?: Readonly<Record<string, string | number>>;
  readonly ipam?: IpamConfig;
  readonly external?: boolean;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly labels?: Mapping;
  readonly enable_ipv4?: boolean;
  readonly enable_ipv6?: boolean;
}

export interface IpamConfig extends Extensible {
  readonly driver?: string;
  readonly config?: readonly IpamPool[];
  readonly options?: Mapping;
}

export interface IpamPool extends Extensible {
  readonly subnet?: string;
  readonly gateway?: string;
  readonly ip_range?: string;
  readonly aux_addresses?: Mapping;
}

export interface VolumeConfig extends Extensible {
  /** After normalisation always set, as for networks. */
  readonly name?: string;
  readonly driver?: string;
  readonly driver_opts?: Readonly<Record<string, string | number>>;
  readonly external?: boolean;
  readonly labels?: Mapping;
}

/** What secrets and configs share: one source among `file`, `environment`, `content`, `external`. */
export interface FileObjectConfig extends Extensible {
  /** After normalisation always set, as for networks. */
  readonly name?: string;
  /** Absolute after path resolution. */
  readonly file?: string;
  /** Name of an interpolation variable whose value is the content. */
  readonly environment?: string;
  readonly content?: string;
  readonly external?: boolean;
  readonly labels?: Mapping;
  readonly driver?: string;
  readonly driver_opts?: Mapping;
  readonly template_driver?: string;
}

export type SecretConfig = FileObjectConfig;
export type ConfigObjectConfig = FileObjectConfig;

export interface ModelConfig extends Extensible {
  readonly name?: string;
  readonly model?: string;
  readonly context_size?: number;
  readonly runtime_flags?: readonly string[];
}

/** One `include` entry in long form; paths are absolute after path resolution. */
export interface IncludeConfig {
  readonly path: readonly string[];
  readonly project_directory?: string;
  readonly env_file?: readonly string[];
}

// ---------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------

export type PullPolicy =
  | 'always'
  | 'never'
  | 'missing'
  | 'build'
  | 'refresh'
  | 'daily'
  | 'weekly'
  // `if_not_present` is normalised to `missing` before a Project exists.
  | `every_${string}`;

/** `on-failure` may carry a retry count: `on-failure:3`. */
export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure' | `on-failure:${number}`;

export type DependencyCondition =
  | 'service_started'
  | 'service_healthy'
  | 'service_completed_successfully';

export interface ServiceConfig extends Extensible {
  readonly profiles?: readonly string[];
  readonly annotations?: Mapping;
  readonly attach?: boolean;
  readonly build?: BuildConfig;
  readonly develop?: DevelopConfig;
  readonly blkio_config?: BlkioConfig;
  readonly cap_add?: readonly string[];
  readonly cap_drop?: readonly string[];
  readonly cgroup_parent?: string;
  readonly cgroup?: 'host' | 'private';
  readonly cpu_count?: number;
  readonly cpu_percent?: number;
  readonly cpu_period?: number;
  readonly cpu_quota?: number;
  readonly cpu_rt_period?: number;
  readonly cpu_rt_runtime?: number;
  readonly cpus?: number;
  readonly cpuset?: string;
  readonly cpu_shares?: number;
  /** `null`: the image's CMD; `[]`: an explicit empty command. */
  readonly command?: readonly string[] | null;
  readonly configs?: readonly ServiceConfigReference[];
  readonly container_name?: string;
  readonly credential_spec?: CredentialSpecConfig;
  /** Explicit and implicit (links, volumes_from, `service:` namespaces) dependencies. */
  readonly depends_on?: Readonly<Record<string, ServiceDependency>>;
  readonly deploy?: DeployConfig;
  readonly device_cgroup_rules?: readonly string[];
  readonly devices?: readonly DeviceMapping[];
  readonly dns?: readonly string[];
  readonly dns_opt?: readonly string[];
  readonly dns_search?: readonly string[];
  readonly domainname?: string;
  /** `null`: the image's ENTRYPOINT; `[]`: an explicit empty entrypoint. */
  readonly entrypoint?: readonly string[] | null;
  readonly provider?: ServiceProviderConfig;
  /** Bare keys (`null`) are resolved from the interpolation environment, or dropped, by `resolveServiceEnvironment`. */
  readonly environment?: MappingWithNulls;
  readonly env_file?: readonly EnvFileEntry[];
  readonly expose?: readonly string[];
  readonly extends?: ExtendsConfig;
  readonly external_links?: readonly string[];
  /** Host name → addresses. */
  readonly extra_hosts?: Readonly<Record<string, readonly string[]>>;
  readonly group_add?: readonly string[];
  readonly gpus?: readonly DeviceRequest[];
  readonly hostname?: string;
  readonly healthcheck?: HealthCheckConfig;
  readonly image?: string;
  readonly init?: boolean;
  /** `host`, `private`, `shareable`, `service:<name>`, `container:<name>`. */
  readonly ipc?: string;
  readonly isolation?: string;
  readonly labels?: Mapping;
  /** Absolute after path resolution. */
  readonly label_file?: readonly string[];
  readonly links?: readonly string[];
  readonly logging?: LoggingConfig;
  readonly mac_address?: string;
  readonly mem_limit?: ByteSize;
  readonly mem_reservation?: ByteSize;
  readonly memswap_limit?: ByteSize;
  /** A percentage (0-100), but compose-go reads and prints it as a byte value. */
  readonly mem_swappiness?: ByteSize;
  readonly models?: Readonly<Record<string, ServiceModelConfig | null>>;
  /** `bridge`, `host`, `none`, `service:<name>`, `container:<name>`. */
  readonly network_mode?: string;
  /** Every service without `network_mode` or `provider` has at least one entry (`default`) after normalisation. */
  readonly networks?: Readonly<Record<string, ServiceNetworkConfig | null>>;
  readonly oom_kill_disable?: boolean;
  readonly oom_score_adj?: number;
  readonly pid?: string | null;
  readonly pids_limit?: number;
  readonly platform?: string;
  readonly ports?: readonly ServicePortConfig[];
  readonly privileged?: boolean;
  readonly pull_policy?: PullPolicy;
  readonly pull_refresh_after?: string;
  readonly read_only?: boolean;
  readonly restart?: RestartPolicyName;
  readonly runtime?: string;
  readonly scale?: number;
  readonly secrets?: readonly ServiceSecretConfig[];
  readonly security_opt?: readonly string[];
  readonly shm_size?: ByteSize;
  readonly stdin_open?: boolean;
  readonly stop_grace_period?: DurationText;
  readonly stop_signal?: string;
  readonly storage_opt?: Mapping;
  readonly sysctls?: Mapping;
  readonly tmpfs?: readonly string[];
  readonly tty?: boolean;
  readonly ulimits?: Readonly<Record<string, UlimitsConfig | number>>;
  readonly use_api_socket?: boolean;
  readonly user?: string;
  readonly userns_mode?: string;
  readonly uts?: string;
  readonly volumes?: readonly ServiceVolumeConfig[];
  /** `<service>[:ro|rw]` or `container:<name>[:ro|rw]`. */
  readonly volumes_from?: readonly string[];
  readonly working_dir?: string;
  readonly pre_start?: readonly ServiceHook[];
  readonly post_start?: readonly ServiceHook[];
  readonly pre_stop?: readonly ServiceHook[];
}

export interface ServiceDependency extends Extensible {
  readonly condition: DependencyCondition;
  /** Restart this service when Compose restarts or recreates the dependency. */
  readonly restart?: boolean;
  readonly required: boolean;
}

export interface ExtendsConfig {
  readonly service: string;
  /** Absolute after path resolution, unless a remote reference. */
  readonly file?: string;
}

export interface ServiceProviderConfig extends Extensible {
  readonly type: string;
  readonly options?: Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>>;
}

export type EnvFileFormat = string;

export interface EnvFileEntry {
  /** Absolute after path resolution. */
  readonly path: string;
  /** A missing required file is an error; a missing optional one is skipped. */
  readonly required: boolean;
  /** Absent: Compose's `.env` syntax. `raw`: values taken verbatim. */
  readonly format?: EnvFileFormat;
}

// --- build -----------------------------------------------------------------

export interface BuildConfig extends Extensible {
  /** Absolute directory, or a remote/special context kept verbatim (git URL, `https://`, `service:x`, `docker-image://`). */
  readonly context: string;
  /** Relative to the context; absent only when `dockerfile_inline` is set. */
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  readonly entitlements?: readonly string[];
  readonly args?: MappingWithNulls;
  readonly provenance?: string;
  readonly sbom?: string;
  /** Key id → socket or key path (`default` may have none). */
  readonly ssh?: Readonly<Record<string, string | null>>;
  readonly labels?: Mapping;
  readonly cache_from?: readonly string[];
  readonly cache_to?: readonly string[];
  readonly no_cache?: boolean;
  readonly no_cache_filter?: readonly string[];
  /** Name → absolute directory or verbatim reference (`docker-image://`, `service:x`, URLs). */
  readonly additional_contexts?: Mapping;
  readonly pull?: boolean;
  readonly extra_hosts?: Readonly<Record<string, readonly string[]>>;
  readonly isolation?: string;
  readonly network?: string;
  readonly target?: string;
  readonly secrets?: readonly ServiceSecretConfig[];
  readonly shm_size?: ByteSize;
  readonly tags?: readonly string[];
  readonly ulimits?: Readonly<Record<string, UlimitsConfig | number>>;
  readonly platforms?: readonly string[];
  readonly privileged?: boolean;
}

// --- develop ---------------------------------------------------------------

export interface DevelopConfig extends Extensible {
  readonly watch?: readonly WatchTrigger[];
}

export type WatchAction = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

export interface WatchTrigger extends Extensible {
  /** Absolute after path resolution. */
  readonly path: string;
  readonly action: WatchAction;
  readonly target?: string;
  readonly exec?: ServiceHook;
  readonly include?: readonly string[];
  readonly ignore?: readonly string[];
  readonly initial_sync?: boolean;
}

// --- lifecycle -------------------------------------------------------------

export interface ServiceHook extends Extensible {
  readonly command?: readonly string[] | null;
  /** `pre_start` only; inherited from the service's `image` when absent. */
  readonly image?: string;
  readonly user?: string;
  readonly privileged?: boolean;
  readonly working_dir?: string;
  readonly environment?: MappingWithNulls;
  /** `pre_start` only. */
  readonly per_replica?: boolean;
}

export interface HealthCheckConfig extends Extensible {
  /** `["NONE"]`, `["CMD", ...]` or `["CMD-SHELL", command]`. */
  readonly test?: readonly string[];
  readonly timeout?: DurationText;
  readonly interval?: DurationText;
  readonly retries?: number;
  readonly start_period?: DurationText;
  readonly start_interval?: DurationText;
  readonly disable?: boolean;
}

// --- networking ------------------------------------------------------------

export type PortProtocol = 'tcp' | 'udp' | 'sctp';
export type PortMode = 'ingress' | 'host';

export interface ServicePortConfig extends Extensible {
  readonly name?: string;
  /** Defaults to `ingress`. */
  readonly mode: PortMode;
  readonly host_ip?: string;
  readonly target: number;
  /** A port or a range (`8000-8010`), as text; absent: an ephemeral port. */
  readonly published?: string;
  /** Defaults to `tcp`. */
  readonly protocol: PortProtocol;
  readonly app_protocol?: string;
}

export interface ServiceNetworkConfig extends Extensible {
  readonly aliases?: readonly string[];
  readonly driver_opts?: Readonly<Record<string, string | number>>;
  readonly gw_priority?: number;
  readonly interface_name?: string;
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly link_local_ips?: readonly string[];
  readonly mac_address?: string;
  readonly priority?: number;
}

export interface ServiceModelConfig extends Extensible {
  readonly endpoint_var?: string;
  readonly model_var?: string;
}

// --- storage ---------------------------------------------------------------

export type VolumeType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface ServiceVolumeConfig extends Extensible {
  readonly type: VolumeType;
  /** bind: an absolute host path after path resolution; volume: a top-level volume key (absent: anonymous); image: an image reference. */
  readonly source?: string;
  /** Cleaned (`path.posix.normalize`) absolute container path. */
  readonly target: string;
  readonly read_only?: boolean;
  readonly consistency?: string;
  readonly bind?: ServiceVolumeBind;
  readonly volume?: ServiceVolumeVolume;
  readonly tmpfs?: ServiceVolumeTmpfs;
  readonly image?: ServiceVolumeImage;
}

export type BindPropagation = 'rprivate' | 'private' | 'rshared' | 'shared' | 'rslave' | 'slave';

export interface ServiceVolumeBind extends Extensible {
  readonly selinux?: 'z' | 'Z';
  readonly propagation?: BindPropagation;
  /** Defaults to `true` when a `bind` block is present. */
  readonly create_host_path?: boolean;
  readonly recursive?: 'enabled' | 'disabled' | 'writable' | 'readonly';
}

export interface ServiceVolumeVolume extends Extensible {
  readonly labels?: Mapping;
  readonly nocopy?: boolean;
  readonly subpath?: string;
}

export interface ServiceVolumeTmpfs extends Extensible {
  readonly size?: ByteSize;
  /** As written: a YAML number is the mode itself (`0o1777`), text is octal digits (`"1777"`). */
  readonly mode?: FileMode | number;
}

export interface ServiceVolumeImage extends Extensible {
  readonly subpath?: string;
}

/** A service's use of a top-level secret or config. */
export interface FileReferenceConfig extends Extensible {
  readonly source: string;
  /** Secrets default to `/run/secrets/<source>`. Configs keep no default here (the engine uses `/<source>`). */
  readonly target?: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: FileMode;
}

export type ServiceSecretConfig = FileReferenceConfig;
export type ServiceConfigReference = FileReferenceConfig;

export interface DeviceMapping extends Extensible {
  readonly source: string;
  readonly target: string;
  /** `rwm` unless written otherwise. */
  readonly permissions: string;
}

export interface DeviceRequest extends Extensible {
  readonly capabilities?: readonly string[];
  readonly driver?: string;
  /** `all` (compose-go's -1) when neither `count` nor `device_ids` is written. */
  readonly count?: number | 'all';
  readonly device_ids?: readonly string[];
  readonly options?: Mapping;
}

// --- resources -------------------------------------------------------------

/** A single number in the file (`nofile: 1024`) sets both limits. */
/** One limit: a single number sets soft and hard alike. */
export interface UlimitsConfig extends Extensible {
  readonly soft: number;
  readonly hard: number;
}

export interface BlkioConfig extends Extensible {
  readonly weight?: number;
  readonly weight_device?: readonly { readonly path: string; readonly weight: number }[];
  readonly device_read_bps?: readonly ThrottleDevice[];
  readonly device_read_iops?: readonly ThrottleDevice[];
  readonly device_write_bps?: readonly ThrottleDevice[];
  readonly device_write_iops?: readonly ThrottleDevice[];
}

export interface ThrottleDevice extends Extensible {
  readonly path: string;
  readonly rate: ByteSize;
}

export interface LoggingConfig extends Extensible {
  readonly driver?: string;
  readonly options?: Readonly<Record<string, string | number | null>>;
}

export interface CredentialSpecConfig extends Extensible {
  readonly config?: string;
  readonly file?: string;
  readonly registry?: string;
}

// --- deploy ----------------------------------------------------------------

export interface DeployConfig extends Extensible {
  readonly mode?: string;
  readonly replicas?: number;
  readonly labels?: Mapping;
  readonly update_config?: UpdateConfig;
  readonly rollback_config?: UpdateConfig;
  readonly resources?: DeployResources;
  readonly restart_policy?: DeployRestartPolicy;
  readonly placement?: Placement;
  readonly endpoint_mode?: string;
}

export interface UpdateConfig extends Extensible {
  readonly parallelism?: number;
  readonly delay?: DurationText;
  readonly failure_action?: string;
  readonly monitor?: DurationText;
  readonly max_failure_ratio?: number;
  readonly order?: 'start-first' | 'stop-first';
}

export interface DeployResources extends Extensible {
  readonly limits?: DeployResource;
  readonly reservations?: DeployResource;
}

export interface DeployResource extends Extensible {
  readonly cpus?: number;
  readonly memory?: ByteSize;
  readonly pids?: number;
  readonly devices?: readonly DeviceRequest[];
  readonly generic_resources?: readonly GenericResource[];
}

export interface GenericResource extends Extensible {
  readonly discrete_resource_spec?: { readonly kind: string; readonly value: number };
}

export interface DeployRestartPolicy extends Extensible {
  readonly condition?: 'none' | 'on-failure' | 'any';
  readonly delay?: DurationText;
  readonly max_attempts?: number;
  readonly window?: DurationText;
}

export interface Placement extends Extensible {
  readonly constraints?: readonly string[];
  readonly preferences?: readonly { readonly spread: string }[];
  readonly max_replicas_per_node?: number;
}
