/**
 * One service container as the engine receives it: the ContainerSpec for
 * service `serviceName`, replica `number`, with Compose's labels, names,
 * aliases and defaults. Everything the engine interface cannot carry is
 * reported through `onWarning` by attribute name, never dropped silently.
 */
import type { ContainerSpec, EndpointSpec } from '../engine/index.js';
import type { Project, ServiceConfig } from '../model/index.js';
import { locateNowhere, type Locate } from '../model/tree.js';
import { configHash } from './hash.js';
import {
  COMPOSE_VERSION,
  CONFIG_FILES_LABEL,
  CONFIG_HASH_LABEL,
  CONTAINER_NUMBER_LABEL,
  DEPENDS_ON_LABEL,
  ENVIRONMENT_FILE_LABEL,
  IMAGE_LABEL,
  ONEOFF_FALSE,
  ONEOFF_LABEL,
  ONEOFF_TRUE,
  PROJECT_LABEL,
  SERVICE_LABEL,
  SLUG_LABEL,
  VERSION_LABEL,
  WORKING_DIR_LABEL,
  compareText,
  formatDependsOnLabel,
} from './labels.js';
import { containerName, imageReference, networkName, oneOffContainerName } from './names.js';
import type { ContainerRef, SpecReference } from './plan.js';
import { serviceMounts } from './spec-mounts.js';
import { servicePorts } from './spec-ports.js';
import { healthcheck, resources, restartPolicy, stopTimeoutSeconds } from './spec-runtime.js';
import { unsupportedAttributes } from './unsupported.js';

/** What the project labels say about how it was loaded (Compose writes them on every container). */
export interface ProjectSource {
  /** Absolute compose file paths, in merge order. */
  readonly configFiles: readonly string[];
  readonly workingDir: string;
  /** `--env-file` values, when given. */
  readonly environmentFiles?: readonly string[] | undefined;
}

export interface ContainerSpecContext extends ProjectSource {
  /** The image ID the service's image resolves to now (`sha256:…`), written as `com.docker.compose.image`. */
  readonly imageDigest?: string | undefined;
  /** Compose network key → engine network name; by default the names the project declares. */
  readonly networkNames?: Readonly<Record<string, string>> | undefined;
  /** A one-off (`run`) container instead of a service replica. */
  readonly oneOff?: OneOffOptions | undefined;
  /** The container a `service:<name>` reference points at (the service's first container), if there is one. */
  readonly resolveContainer?: ((serviceName: string) => ContainerRef | undefined) | undefined;
  /** The name to create the container under, when not its final name (a replacement's temporary name). */
  readonly createName?: string | undefined;
  readonly locate?: Locate | undefined;
  readonly onWarning?: ((message: string) => void) | undefined;
}

export interface OneOffOptions {
  /** 64 hex digits identifying the run (`com.docker.compose.slug`); its first 12 name the container. */
  readonly slug: string;
  /** `run --name`. */
  readonly name?: string | undefined;
  /** `run --service-ports`: publish the service's ports (run publishes none by default). */
  readonly publishPorts?: boolean | undefined;
  /** `run --use-aliases`: the service name and its aliases on each network (run gets only its container name by default). */
  readonly useAliases?: boolean | undefined;
}

export interface BuiltContainerSpec {
  readonly spec: ContainerSpec;
  /** Fields naming containers this plan has yet to create; empty when every reference is resolved. */
  readonly references: readonly SpecReference[];
}

/** The spec for one container; every `service:` reference must resolve to an existing container. */
export function containerSpecFor(project: Project, serviceName: string, number: number, context: ContainerSpecContext): ContainerSpec {
  const built = buildContainerSpec(project, serviceName, number, context);
  const pending = built.references[0];
  if (pending !== undefined) {
    throw new Error(`containerSpecFor: services.${serviceName} refers to ${pending.container.name}, which does not exist yet; plan it with reconcile`);
  }
  return built.spec;
}

/** The placeholder a pending reference holds until apply fills in the container ID. */
export function pendingReference(step: number): string {
  return `<container of step ${step}>`;
}

export function buildContainerSpec(project: Project, serviceName: string, number: number, context: ContainerSpecContext): BuiltContainerSpec {
  const service = project.services[serviceName];
  if (service === undefined) throw new Error(`containerSpecFor: no service ${serviceName} in project ${project.name}`);
  const locate = context.locate ?? locateNowhere;
  const warn = context.onWarning ?? (() => {});
  for (const warning of unsupportedAttributes(serviceName, service)) warn(warning);

  const oneOff = context.oneOff;
  const finalName = oneOff !== undefined ? (oneOff.name ?? oneOffContainerName(project.name, serviceName, oneOff.slug)) : containerName(project.name, serviceName, service, number);
  const references: SpecReference[] = [];
  const resolve = (field: SpecReference['field'], target: string, suffix: string, index?: number): string | undefined => {
    const ref = context.resolveContainer?.(target);
    if (ref === undefined) return undefined;
    if ('id' in ref) return ref.id;
    references.push({ field, suffix, container: ref, ...(index !== undefined ? { index } : {}) });
    return pendingReference(ref.step);
  };
  const namespace = (field: 'networkMode' | 'ipcMode' | 'pidMode', mode: string | null | undefined): string | undefined => {
    if (mode === undefined || mode === null) return undefined;
    if (!mode.startsWith('service:')) return mode;
    const target = mode.slice('service:'.length);
    const id = resolve(field, target, '');
    // Unresolved: the service has no container yet and none is planned; the engine will say so if it is really missing.
    return id === undefined ? mode : `container:${id}`;
  };

  const { networkMode, networks } = networking(project, serviceName, service, finalName, context, namespace);
  const ports = servicePorts(service, oneOff === undefined || oneOff.publishPorts === true);
  const limits = resources(service);
  const volumesFrom = (service.volumes_from ?? []).map((entry, index) => {
    if (entry.startsWith('container:')) return entry.slice('container:'.length);
    const [target = '', mode] = entry.split(':');
    const suffix = mode === undefined ? '' : `:${mode}`;
    const id = resolve('volumesFrom', target, suffix, index);
    return id === undefined ? entry : `${id}${suffix}`;
  });

  const labels = containerLabels(project, serviceName, service, number, context);
  const host: { -readonly [K in keyof ContainerSpec['host']]: ContainerSpec['host'][K] } = {
    mounts: serviceMounts(service, { project, serviceName, locate, warn }),
    portBindings: ports.portBindings,
    restartPolicy: restartPolicy(service),
    networkMode,
  };
  if (service.init !== undefined) host.init = service.init;
  if (service.privileged === true) host.privileged = true;
  if (service.read_only === true) host.readOnlyRootfs = true;
  if (service.cap_add !== undefined) host.capAdd = service.cap_add;
  if (service.cap_drop !== undefined) host.capDrop = service.cap_drop;
  const securityOpt = (service.security_opt ?? []).filter((option) => !/^seccomp[=:](?!unconfined$|builtin$)/.test(option));
  if (securityOpt.length > 0) host.securityOpt = securityOpt;
  if (service.sysctls !== undefined) host.sysctls = service.sysctls;
  const devices = (service.devices ?? []).filter((device) => !(device.source === device.target && /^[^/]+\/[^=]+=.+$/.test(device.source)));
  if (devices.length > 0) host.devices = devices.map((device) => ({ pathOnHost: device.source, pathInContainer: device.target, permissions: device.permissions }));
  if (service.dns !== undefined) host.dns = service.dns;
  if (service.dns_search !== undefined) host.dnsSearch = service.dns_search;
  if (service.dns_opt !== undefined) host.dnsOptions = service.dns_opt;
  if (service.extra_hosts !== undefined) host.extraHosts = extraHosts(service.extra_hosts);
  Object.assign(host, limits);
  const ipcMode = namespace('ipcMode', service.ipc);
  if (ipcMode !== undefined) host.ipcMode = ipcMode;
  const pidMode = namespace('pidMode', service.pid);
  if (pidMode !== undefined) host.pidMode = pidMode;
  if (service.group_add !== undefined) host.groupAdd = service.group_add;
  if (service.oom_score_adj !== undefined) host.oomScoreAdj = service.oom_score_adj;
  if (service.logging !== undefined) host.logConfig = logConfig(service.logging);
  if (volumesFrom.length > 0) host.volumesFrom = volumesFrom;

  const spec: { -readonly [K in keyof ContainerSpec]: ContainerSpec[K] } = {
    name: context.createName ?? finalName,
    image: imageReference(project.name, serviceName, service),
    labels,
    entrypoint: service.entrypoint ?? null,
    command: service.command ?? null,
    env: environment(service),
    tty: service.tty === true,
    openStdin: service.stdin_open === true,
    exposedPorts: ports.exposedPorts,
    host,
    networks,
  };
  if (service.working_dir !== undefined) spec.workingDir = service.working_dir;
  if (service.user !== undefined) spec.user = service.user;
  if (service.hostname !== undefined) spec.hostname = service.hostname;
  if (service.domainname !== undefined) spec.domainname = service.domainname;
  if (service.stop_signal !== undefined) spec.stopSignal = service.stop_signal;
  const stopTimeout = stopTimeoutSeconds(service);
  if (stopTimeout !== undefined) spec.stopTimeoutSeconds = stopTimeout;
  const check = healthcheck(service, serviceName, locate);
  if (check !== undefined) spec.healthcheck = check;

  return { spec: withConfigHash(spec), references };
}

/** The spec with its `com.docker.compose.config-hash` label set to its own hash. */
export function withConfigHash(spec: ContainerSpec): ContainerSpec {
  return { ...spec, labels: { ...spec.labels, [CONFIG_HASH_LABEL]: configHash(spec) } };
}

/** The service's labels, then Compose's own (which win), sorted by key. */
function containerLabels(project: Project, serviceName: string, service: ServiceConfig, number: number, context: ContainerSpecContext): Record<string, string> {
  const labels: Record<string, string> = { ...(service.labels ?? {}) };
  labels[PROJECT_LABEL] = project.name;
  labels[SERVICE_LABEL] = serviceName;
  labels[VERSION_LABEL] = COMPOSE_VERSION;
  labels[WORKING_DIR_LABEL] = context.workingDir;
  labels[CONFIG_FILES_LABEL] = context.configFiles.join(',');
  if (context.environmentFiles !== undefined && context.environmentFiles.length > 0) labels[ENVIRONMENT_FILE_LABEL] = context.environmentFiles.join(',');
  labels[DEPENDS_ON_LABEL] = formatDependsOnLabel(
    Object.entries(service.depends_on ?? {}).map(([dependency, config]) => ({ service: dependency, condition: config.condition, restart: config.restart === true })),
  );
  if (context.imageDigest !== undefined) labels[IMAGE_LABEL] = context.imageDigest;
  if (context.oneOff !== undefined) {
    labels[ONEOFF_LABEL] = ONEOFF_TRUE;
    labels[SLUG_LABEL] = context.oneOff.slug;
  } else {
    labels[ONEOFF_LABEL] = ONEOFF_FALSE;
    labels[CONTAINER_NUMBER_LABEL] = String(number);
  }
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareText(a, b)));
}

/** `KEY=VALUE` sorted by key; a key left without a value (never resolved) is not sent. */
function environment(service: ServiceConfig): string[] {
  return Object.entries(service.environment ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, value]) => `${key}=${value}`);
}

function extraHosts(hosts: Readonly<Record<string, readonly string[]>>): string[] {
  const lines: string[] = [];
  for (const host of Object.keys(hosts).sort(compareText)) for (const address of hosts[host] ?? []) lines.push(`${host}:${address}`);
  return lines;
}

function logConfig(logging: NonNullable<ServiceConfig['logging']>): { type: string; config: Record<string, string> } {
  const config: Record<string, string> = {};
  for (const key of Object.keys(logging.options ?? {}).sort(compareText)) {
    const value = logging.options?.[key];
    if (value !== null && value !== undefined) config[key] = String(value);
  }
  return { type: logging.driver ?? '', config };
}

/**
 * Compose's networking: `network_mode` as written (with `service:` resolved),
 * else the service's networks by priority, the first one as the network mode,
 * each endpoint aliased by container name, service name and declared aliases.
 */
function networking(
  project: Project,
  serviceName: string,
  service: ServiceConfig,
  finalName: string,
  context: ContainerSpecContext,
  namespace: (field: 'networkMode', mode: string) => string | undefined,
): { networkMode: string; networks: Record<string, EndpointSpec> } {
  if (service.network_mode !== undefined) return { networkMode: namespace('networkMode', service.network_mode) ?? service.network_mode, networks: {} };
  const keys = networksByPriority(service);
  const primary = keys[0];
  if (primary === undefined) return { networkMode: 'none', networks: {} };
  const useAliases = context.oneOff === undefined || context.oneOff.useAliases === true;
  const engineName = (key: string): string => context.networkNames?.[key] ?? networkName(project, key);
  const networks: Record<string, EndpointSpec> = {};
  for (const key of keys) {
    const config = service.networks?.[key] ?? null;
    const aliases = [finalName];
    if (useAliases) aliases.push(serviceName, ...(config?.aliases ?? []));
    const endpoint: { -readonly [K in keyof EndpointSpec]: EndpointSpec[K] } = { aliases: [...new Set(aliases)] };
    if (config?.ipv4_address !== undefined) endpoint.ipv4Address = config.ipv4_address;
    if (config?.ipv6_address !== undefined) endpoint.ipv6Address = config.ipv6_address;
    // The service-level mac_address belongs to the primary network's endpoint (Compose moves it there).
    const macAddress = config?.mac_address ?? (key === primary ? service.mac_address : undefined);
    if (macAddress !== undefined) endpoint.macAddress = macAddress;
    if (config?.gw_priority !== undefined) endpoint.priority = config.gw_priority;
    networks[engineName(key)] = endpoint;
  }
  return { networkMode: engineName(primary), networks };
}

/** Highest `priority` first, then by key (compose-go's NetworksByPriority). */
export function networksByPriority(service: ServiceConfig): string[] {
  return Object.keys(service.networks ?? {}).sort((a, b) => {
    const priorityA = service.networks?.[a]?.priority ?? 0;
    const priorityB = service.networks?.[b]?.priority ?? 0;
    return priorityB - priorityA || compareText(a, b);
  });
}
