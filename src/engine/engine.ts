/**
 * The engine interface: what berth needs from a container engine, grouped by
 * resource. Two implementations exist — `engine/docker` (a Docker Engine via
 * dockerode) and `engine/native` (berthd) — and one contract suite
 * (`test/engine/contract.ts`) runs against both.
 *
 * Shapes follow the Docker Engine API where it has one (berthd serves a
 * subset of that API), with names spelled out and units in the names.
 *
 * Errors: every method rejects with an `EngineError` whose `kind` is
 * `not_found`, `conflict`, `invalid`, `unsupported` or `unavailable`; any
 * other failure is a bug. Every long operation takes an `AbortSignal`.
 *
 * Lifecycles (the states a container can be in, and which calls move it):
 *
 *   (none) --create--> created --start--> running --(process exits)--> exited
 *                                   |  ^         \--stop/kill-------> exited
 *                                   |  |restart policy / start
 *            paused <--pause-- running --unpause--> running
 *   any state --remove(force)--> (none); remove without force requires not running.
 *
 *   Networks and volumes: (none) --create--> present --remove--> (none);
 *   removing one in use is a `conflict`.
 */

export type Labels = Readonly<Record<string, string>>;

export interface EngineInfo {
  readonly engine: 'docker' | 'native';
  /** The engine's own version text. */
  readonly version: string;
  /** The Docker API version it speaks. */
  readonly apiVersion: string;
  readonly os: string;
  readonly architecture: string;
  readonly cgroupVersion: '1' | '2' | 'unknown';
}

// ---------------------------------------------------------------- images

export interface ImageInfo {
  /** `sha256:…` image ID (digest of its config). */
  readonly id: string;
  readonly repoTags: readonly string[];
  /** `name@sha256:…` for images that came from a registry. */
  readonly repoDigests: readonly string[];
  readonly labels: Labels;
  readonly createdAt: string;
  readonly sizeBytes: number;
  /** What the image runs on (`linux`, `amd64`, `v8`), when the engine says. */
  readonly platform?: { readonly os: string; readonly architecture: string; readonly variant?: string | undefined } | undefined;
  /** The image's default process and settings. */
  readonly config: {
    readonly entrypoint: readonly string[] | null;
    readonly command: readonly string[] | null;
    readonly env: readonly string[];
    readonly workingDir: string;
    readonly user: string;
    readonly exposedPorts: readonly string[];
    readonly healthcheck?: HealthcheckSpec | undefined;
  };
}

/** One step of a pull, as the engine reports it (layer by layer). */
export interface PullProgress {
  readonly id?: string | undefined;
  readonly status: string;
  readonly currentBytes?: number | undefined;
  readonly totalBytes?: number | undefined;
}

export interface RegistryAuth {
  readonly username?: string;
  readonly password?: string;
  readonly identityToken?: string;
  readonly serverAddress?: string;
}

export interface BuildSpec {
  /** A tar stream of the build context (already filtered by .dockerignore). */
  readonly context: NodeJS.ReadableStream;
  readonly dockerfile: string;
  readonly tags: readonly string[];
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Labels;
  readonly target?: string | undefined;
  readonly noCache?: boolean | undefined;
  readonly pull?: boolean | undefined;
}

export interface ImageApi {
  /** Resolves undefined when the image is not present locally. */
  inspect(reference: string, signal?: AbortSignal): Promise<ImageInfo | undefined>;
  /** Resolves once the image is fully present (not when the pull merely started). */
  pull(reference: string, options?: { auth?: RegistryAuth; onProgress?: (progress: PullProgress) => void; signal?: AbortSignal }): Promise<void>;
  /** Builds and tags an image; resolves its ID. */
  build(spec: BuildSpec, options?: { onProgress?: (line: string) => void; signal?: AbortSignal }): Promise<string>;
  push(reference: string, options?: { auth?: RegistryAuth; onProgress?: (progress: PullProgress) => void; signal?: AbortSignal }): Promise<void>;
  remove(reference: string, options?: { force?: boolean }): Promise<void>;
  list(filter?: { labels?: Labels }): Promise<readonly ImageInfo[]>;
  /** Loads a `docker save` / OCI archive; resolves the loaded references. */
  load(archive: NodeJS.ReadableStream, signal?: AbortSignal): Promise<readonly string[]>;
  tag(source: string, target: string): Promise<void>;
}

// ---------------------------------------------------------------- networks

export interface NetworkSpec {
  readonly name: string;
  readonly driver: string;
  readonly driverOptions: Readonly<Record<string, string>>;
  readonly labels: Labels;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIpv6: boolean;
  readonly ipam?: {
    readonly driver?: string | undefined;
    readonly pools: readonly { readonly subnet?: string; readonly ipRange?: string; readonly gateway?: string }[];
  };
}

export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly labels: Labels;
  readonly internal: boolean;
  readonly subnets: readonly string[];
  /** IDs of the containers attached. */
  readonly containers: readonly string[];
}

export interface EndpointSpec {
  readonly aliases: readonly string[];
  readonly ipv4Address?: string | undefined;
  readonly ipv6Address?: string | undefined;
  readonly macAddress?: string | undefined;
  readonly priority?: number | undefined;
}

export interface NetworkApi {
  list(filter?: { labels?: Labels }): Promise<readonly NetworkInfo[]>;
  /** Resolves undefined when there is no such network (by name or ID). */
  inspect(nameOrId: string): Promise<NetworkInfo | undefined>;
  /** Resolves the new network's ID; a taken name is a `conflict`. */
  create(spec: NetworkSpec): Promise<string>;
  remove(nameOrId: string): Promise<void>;
  connect(network: string, container: string, endpoint: EndpointSpec): Promise<void>;
  disconnect(network: string, container: string, options?: { force?: boolean }): Promise<void>;
}

// ---------------------------------------------------------------- volumes

export interface VolumeSpec {
  readonly name: string;
  readonly driver: string;
  readonly driverOptions: Readonly<Record<string, string>>;
  readonly labels: Labels;
}

export interface VolumeInfo {
  readonly name: string;
  readonly driver: string;
  readonly labels: Labels;
  readonly mountpoint: string;
}

export interface VolumeApi {
  list(filter?: { labels?: Labels }): Promise<readonly VolumeInfo[]>;
  inspect(name: string): Promise<VolumeInfo | undefined>;
  create(spec: VolumeSpec): Promise<VolumeInfo>;
  /** Removing a volume in use is a `conflict`. */
  remove(name: string, options?: { force?: boolean }): Promise<void>;
}

// ---------------------------------------------------------------- containers

export interface HealthcheckSpec {
  /** `['CMD', …]`, `['CMD-SHELL', cmd]` or `['NONE']`. */
  readonly test: readonly string[];
  readonly intervalNs?: number | undefined;
  readonly timeoutNs?: number | undefined;
  readonly startPeriodNs?: number | undefined;
  readonly startIntervalNs?: number | undefined;
  readonly retries?: number | undefined;
}

export interface MountSpec {
  readonly type: 'bind' | 'volume' | 'tmpfs';
  /** Host path (bind), volume name (volume; empty for an anonymous one), unused for tmpfs. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  readonly bind?: { readonly propagation?: string | undefined; readonly createHostPath?: boolean | undefined };
  readonly volume?: { readonly noCopy?: boolean | undefined; readonly subpath?: string | undefined };
  readonly tmpfs?: { readonly sizeBytes?: number | undefined; readonly mode?: number | undefined };
}

export interface PortBinding {
  /** `80/tcp`, `53/udp`. */
  readonly containerPort: string;
  /** Empty means all interfaces. */
  readonly hostIp: string;
  /** A port, a range `8000-8010` (any free one in it), or empty for an ephemeral port. */
  readonly hostPort: string;
}

export type RestartPolicy =
  | { readonly name: 'no' }
  | { readonly name: 'always' }
  | { readonly name: 'unless-stopped' }
  | { readonly name: 'on-failure'; readonly maximumRetryCount: number };

/**
 * Everything needed to create one container: exactly what is sent to the
 * engine, so that its hash decides whether a container is up to date.
 */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly labels: Labels;
  /** null: the image's default. */
  readonly entrypoint: readonly string[] | null;
  readonly command: readonly string[] | null;
  /** `KEY=VALUE`, sorted by key. */
  readonly env: readonly string[];
  readonly workingDir?: string | undefined;
  readonly user?: string | undefined;
  readonly hostname?: string | undefined;
  readonly domainname?: string | undefined;
  readonly tty: boolean;
  readonly openStdin: boolean;
  /**
   * With `openStdin`: the container's stdin closes when the attached client
   * closes its side (a piped `run`'s end of input reaches the process).
   */
  readonly stdinOnce?: boolean | undefined;
  readonly stopSignal?: string | undefined;
  readonly stopTimeoutSeconds?: number | undefined;
  readonly healthcheck?: HealthcheckSpec | undefined;
  /** `80/tcp` for `expose` and published ports alike. */
  readonly exposedPorts: readonly string[];
  readonly host: {
    readonly mounts: readonly MountSpec[];
    readonly portBindings: readonly PortBinding[];
    readonly publishAllPorts?: boolean | undefined;
    readonly restartPolicy: RestartPolicy;
    /** `bridge` (the first network), `host`, `none`, `container:<id>`. */
    readonly networkMode: string;
    readonly init?: boolean | undefined;
    readonly privileged?: boolean | undefined;
    readonly readOnlyRootfs?: boolean | undefined;
    readonly capAdd?: readonly string[] | undefined;
    readonly capDrop?: readonly string[] | undefined;
    readonly securityOpt?: readonly string[] | undefined;
    readonly sysctls?: Readonly<Record<string, string>> | undefined;
    readonly devices?: readonly { readonly pathOnHost: string; readonly pathInContainer: string; readonly permissions: string }[] | undefined;
    readonly dns?: readonly string[] | undefined;
    readonly dnsSearch?: readonly string[] | undefined;
    readonly dnsOptions?: readonly string[] | undefined;
    /** `host:ip`. */
    readonly extraHosts?: readonly string[] | undefined;
    readonly ulimits?: readonly { readonly name: string; readonly soft: number; readonly hard: number }[] | undefined;
    readonly memoryBytes?: number | undefined;
    readonly memoryReservationBytes?: number | undefined;
    readonly memorySwapBytes?: number | undefined;
    readonly nanoCpus?: number | undefined;
    readonly cpuShares?: number | undefined;
    readonly cpusetCpus?: string | undefined;
    readonly pidsLimit?: number | undefined;
    readonly shmSizeBytes?: number | undefined;
    readonly ipcMode?: string | undefined;
    readonly pidMode?: string | undefined;
    readonly groupAdd?: readonly string[] | undefined;
    readonly oomScoreAdj?: number | undefined;
    readonly logConfig?: { readonly type: string; readonly config: Readonly<Record<string, string>> } | undefined;
    /** Containers whose volumes this one mounts: `id[:ro|rw]`. */
    readonly volumesFrom?: readonly string[] | undefined;
  };
  /** Networks to attach at creation, by engine network name. */
  readonly networks: Readonly<Record<string, EndpointSpec>>;
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export type HealthStatus = 'none' | 'starting' | 'healthy' | 'unhealthy';

export interface ContainerSummary {
  readonly id: string;
  /** Without the leading `/`. */
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly labels: Labels;
  readonly state: ContainerState;
  /** The engine's human status text, e.g. `Up 3 seconds (healthy)`. */
  readonly status: string;
  /** The process as the engine lists it (`sh -c 'echo hi'`: arguments with spaces quoted), when it says. */
  readonly command?: string | undefined;
  readonly createdAt: string;
  readonly ports: readonly { readonly containerPort: string; readonly hostIp: string; readonly hostPort: number }[];
  /** Engine network names → IPv4 address. */
  readonly networks: Readonly<Record<string, string>>;
}

export interface ContainerInfo extends ContainerSummary {
  readonly health: HealthStatus;
  /** The last few probe outputs, newest last. */
  readonly healthLog: readonly { readonly exitCode: number; readonly output: string; readonly end: string }[];
  readonly exitCode: number;
  readonly oomKilled: boolean;
  readonly pid: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly restartCount: number;
  readonly mounts: readonly { readonly type: string; readonly name?: string; readonly source: string; readonly target: string }[];
  readonly spec: {
    readonly env: readonly string[];
    readonly tty: boolean;
    readonly stopSignal?: string | undefined;
    readonly stopTimeoutSeconds?: number | undefined;
    readonly restartPolicy: RestartPolicy;
    readonly hasHealthcheck: boolean;
  };
}

export interface LogEntry {
  readonly stream: 'stdout' | 'stderr';
  /** RFC 3339 with nanoseconds, from the engine (when asked for timestamps). */
  readonly timestamp?: string | undefined;
  /** One line, without its line break (a final partial line as it is). */
  readonly text: string;
}

export interface LogOptions {
  readonly follow?: boolean;
  /** Unix seconds (fractional allowed) or RFC 3339. */
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly tail?: number | 'all' | undefined;
  readonly timestamps?: boolean;
  readonly signal?: AbortSignal;
}

/** The streams of an attached container or a started exec. */
export interface ProcessStreams {
  /** Output, demultiplexed unless the process has a TTY (then stream is always 'stdout'). */
  readonly output: AsyncIterable<{ readonly stream: 'stdout' | 'stderr'; readonly data: Buffer }>;
  /** Present when stdin was requested. */
  readonly stdin?: NodeJS.WritableStream | undefined;
  /** Resizes the TTY, when there is one. */
  resize?(columns: number, rows: number): Promise<void>;
  close(): void;
}

export interface ExecSpec {
  readonly command: readonly string[];
  readonly env?: readonly string[] | undefined;
  readonly user?: string | undefined;
  readonly workingDir?: string | undefined;
  readonly tty?: boolean | undefined;
  readonly stdin?: boolean | undefined;
  readonly privileged?: boolean | undefined;
}

export interface ExecHandle {
  readonly streams: ProcessStreams;
  /** Resolves the command's exit code once it has ended. */
  readonly exitCode: Promise<number>;
}

export interface ContainerApi {
  list(filter?: { labels?: Labels; all?: boolean }): Promise<readonly ContainerSummary[]>;
  /** Resolves undefined when there is no such container (by name or ID). */
  inspect(nameOrId: string): Promise<ContainerInfo | undefined>;
  /** Resolves the new container's ID; a taken name is a `conflict`, a missing image `not_found`. */
  create(spec: ContainerSpec): Promise<string>;
  start(id: string): Promise<void>;
  /** Sends the stop signal, waits up to the timeout (the container's own when absent), then kills. */
  stop(id: string, options?: { timeoutSeconds?: number | undefined; signal?: string | undefined }): Promise<void>;
  kill(id: string, signal?: string): Promise<void>;
  restart(id: string, options?: { timeoutSeconds?: number | undefined }): Promise<void>;
  remove(id: string, options?: { force?: boolean; volumes?: boolean }): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  pause(id: string): Promise<void>;
  unpause(id: string): Promise<void>;
  /** Resolves the exit code once the container is not running (or was removed, with `removed`). */
  wait(id: string, options?: { condition?: 'not-running' | 'next-exit' | 'removed'; signal?: AbortSignal }): Promise<number>;
  logs(id: string, options?: LogOptions): AsyncIterable<LogEntry>;
  /** Attaches to the container's stdio; attach before start to miss no output. */
  attach(id: string, options?: { stdin?: boolean; signal?: AbortSignal }): Promise<ProcessStreams>;
  exec(id: string, spec: ExecSpec, signal?: AbortSignal): Promise<ExecHandle>;
  top(id: string): Promise<{ readonly titles: readonly string[]; readonly processes: readonly (readonly string[])[] }>;
  stats(id: string): Promise<{ readonly cpuPercent: number; readonly memoryBytes: number; readonly memoryLimitBytes: number; readonly pids: number }>;
  /**
   * Copies a tar archive into the container, extracted at `path` (an existing
   * directory), with the owners the archive records. `copyUidGid` (`cp -a`)
   * is Docker's `copyUIDGID`: the files go to the container's configured user.
   */
  copyTo(id: string, path: string, archive: NodeJS.ReadableStream, options?: { copyUidGid?: boolean }): Promise<void>;
  /** A tar archive of `path` in the container. */
  copyFrom(id: string, path: string): Promise<NodeJS.ReadableStream>;
}

// ---------------------------------------------------------------- events

export type EngineEvent =
  | { readonly type: 'container'; readonly action: 'create' | 'start' | 'stop' | 'kill' | 'restart' | 'pause' | 'unpause' | 'destroy' | 'oom' | 'rename'; readonly id: string; readonly name: string; readonly labels: Labels; readonly time: number }
  | { readonly type: 'container'; readonly action: 'die'; readonly id: string; readonly name: string; readonly labels: Labels; readonly exitCode: number; readonly time: number }
  | { readonly type: 'container'; readonly action: 'health_status'; readonly id: string; readonly name: string; readonly labels: Labels; readonly health: Exclude<HealthStatus, 'none'>; readonly time: number }
  | { readonly type: 'network' | 'volume' | 'image'; readonly action: string; readonly id: string; readonly labels: Labels; readonly time: number };

export interface EventApi {
  /** Events from now on (or from `since`, Unix seconds), until the signal aborts. */
  stream(options: { labels?: Labels; since?: number; signal: AbortSignal }): AsyncIterable<EngineEvent>;
}

// ---------------------------------------------------------------- the engine

export interface Engine {
  info(signal?: AbortSignal): Promise<EngineInfo>;
  readonly images: ImageApi;
  readonly networks: NetworkApi;
  readonly volumes: VolumeApi;
  readonly containers: ContainerApi;
  readonly events: EventApi;
  /** Releases connections; the engine's objects are untouched. */
  close(): Promise<void>;
}
