/**
 * `ContainerSpec` → the body of Docker's `POST /containers/create`, plus
 * the networks to connect right after. Pure: the daemon's API version comes
 * in as an argument, because a few fields only exist in newer versions.
 *
 * One network is attached at creation (the one `networkMode` names, else
 * the first), the others with `POST /networks/{id}/connect` before the
 * container starts — the only way that works on every API version
 * (several endpoints at creation need 1.44).
 */
import type { ContainerSpec, EndpointSpec, HealthcheckSpec, MountSpec, PortBinding, RestartPolicy } from '../engine.js';
import { EngineError } from '../errors.js';
import { apiAtLeast } from './client.js';
import { assertNever } from './assert-never.js';

export interface CreateRequest {
  readonly name: string;
  readonly body: Record<string, unknown>;
  /** Connected after creation, in this order. */
  readonly extraNetworks: readonly { readonly network: string; readonly endpoint: Record<string, unknown> }[];
}

export function toCreateRequest(spec: ContainerSpec, apiVersion: string): CreateRequest {
  const networkNames = Object.keys(spec.networks);
  const primary = networkNames.includes(spec.host.networkMode) ? spec.host.networkMode : networkNames[0];
  const endpoints: Record<string, Record<string, unknown>> = {};
  const extraNetworks: { network: string; endpoint: Record<string, unknown> }[] = [];
  for (const name of networkNames) {
    const endpoint = toEndpointSettings(spec.networks[name] ?? { aliases: [] }, apiVersion, `${spec.name} on network ${name}`);
    if (name === primary) endpoints[name] = endpoint;
    else extraNetworks.push({ network: name, endpoint });
  }
  const { mounts, binds } = toMounts(spec.host.mounts, apiVersion, spec.name);
  const host = spec.host;
  const primaryMac = primary === undefined ? undefined : spec.networks[primary]?.macAddress;

  const config: Record<string, unknown> = {
    Image: spec.image,
    Labels: { ...spec.labels },
    Env: [...spec.env],
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    StdinOnce: spec.openStdin && spec.stdinOnce === true,
    AttachStdin: spec.openStdin,
    AttachStdout: true,
    AttachStderr: true,
    ExposedPorts: Object.fromEntries(spec.exposedPorts.map((port) => [port, {}])),
  };
  if (spec.entrypoint !== null) config['Entrypoint'] = [...spec.entrypoint];
  if (spec.command !== null) config['Cmd'] = [...spec.command];
  setIf(config, 'WorkingDir', spec.workingDir);
  setIf(config, 'User', spec.user);
  setIf(config, 'Hostname', spec.hostname);
  setIf(config, 'Domainname', spec.domainname);
  setIf(config, 'StopSignal', spec.stopSignal);
  setIf(config, 'StopTimeout', spec.stopTimeoutSeconds);
  if (spec.healthcheck !== undefined) {
    // Older engines would silently ignore it, and the healthcheck would behave differently than written.
    if (spec.healthcheck.startIntervalNs !== undefined && !apiAtLeast(apiVersion, '1.44')) {
      throw new EngineError(
        'unsupported',
        `container ${spec.name}: healthcheck.start_interval needs Docker Engine API 1.44 (Docker 25) or later, and this engine speaks ${apiVersion}; upgrade Docker or drop start_interval`,
      );
    }
    config['Healthcheck'] = toHealthcheck(spec.healthcheck);
  }
  // Before 1.44 the MAC address of the first endpoint lives in the container config.
  if (primaryMac !== undefined && !apiAtLeast(apiVersion, '1.44')) config['MacAddress'] = primaryMac;

  const hostConfig: Record<string, unknown> = {
    Mounts: mounts,
    PortBindings: toPortBindings(host.portBindings),
    RestartPolicy: toRestartPolicy(host.restartPolicy),
    NetworkMode: host.networkMode,
  };
  if (binds.length > 0) hostConfig['Binds'] = binds;
  setIf(hostConfig, 'PublishAllPorts', host.publishAllPorts);
  setIf(hostConfig, 'Init', host.init);
  setIf(hostConfig, 'Privileged', host.privileged);
  setIf(hostConfig, 'ReadonlyRootfs', host.readOnlyRootfs);
  setIf(hostConfig, 'CapAdd', host.capAdd && [...host.capAdd]);
  setIf(hostConfig, 'CapDrop', host.capDrop && [...host.capDrop]);
  setIf(hostConfig, 'SecurityOpt', host.securityOpt && [...host.securityOpt]);
  setIf(hostConfig, 'Sysctls', host.sysctls && { ...host.sysctls });
  setIf(
    hostConfig,
    'Devices',
    host.devices?.map((device) => ({ PathOnHost: device.pathOnHost, PathInContainer: device.pathInContainer, CgroupPermissions: device.permissions })),
  );
  setIf(hostConfig, 'Dns', host.dns && [...host.dns]);
  setIf(hostConfig, 'DnsSearch', host.dnsSearch && [...host.dnsSearch]);
  setIf(hostConfig, 'DnsOptions', host.dnsOptions && [...host.dnsOptions]);
  setIf(hostConfig, 'ExtraHosts', host.extraHosts && [...host.extraHosts]);
  setIf(hostConfig, 'Ulimits', host.ulimits?.map((limit) => ({ Name: limit.name, Soft: limit.soft, Hard: limit.hard })));
  setIf(hostConfig, 'Memory', host.memoryBytes);
  setIf(hostConfig, 'MemoryReservation', host.memoryReservationBytes);
  setIf(hostConfig, 'MemorySwap', host.memorySwapBytes);
  setIf(hostConfig, 'NanoCpus', host.nanoCpus);
  setIf(hostConfig, 'CpuShares', host.cpuShares);
  setIf(hostConfig, 'CpusetCpus', host.cpusetCpus);
  setIf(hostConfig, 'PidsLimit', host.pidsLimit);
  setIf(hostConfig, 'ShmSize', host.shmSizeBytes);
  setIf(hostConfig, 'IpcMode', host.ipcMode);
  setIf(hostConfig, 'PidMode', host.pidMode);
  setIf(hostConfig, 'GroupAdd', host.groupAdd && [...host.groupAdd]);
  setIf(hostConfig, 'OomScoreAdj', host.oomScoreAdj);
  setIf(hostConfig, 'LogConfig', host.logConfig && { Type: host.logConfig.type, Config: { ...host.logConfig.config } });
  setIf(hostConfig, 'VolumesFrom', host.volumesFrom && [...host.volumesFrom]);

  return {
    name: spec.name,
    body: { ...config, HostConfig: hostConfig, NetworkingConfig: { EndpointsConfig: endpoints } },
    extraNetworks,
  };
}

/** The endpoint settings for create and for `networks.connect`. */
export function toEndpointSettings(endpoint: EndpointSpec, apiVersion: string, where: string): Record<string, unknown> {
  const settings: Record<string, unknown> = { Aliases: [...endpoint.aliases] };
  const ipam: Record<string, string> = {};
  if (endpoint.ipv4Address !== undefined) ipam['IPv4Address'] = endpoint.ipv4Address;
  if (endpoint.ipv6Address !== undefined) ipam['IPv6Address'] = endpoint.ipv6Address;
  if (Object.keys(ipam).length > 0) settings['IPAMConfig'] = ipam;
  if (endpoint.macAddress !== undefined) settings['MacAddress'] = endpoint.macAddress;
  if (endpoint.priority !== undefined && endpoint.priority !== 0) {
    if (!apiAtLeast(apiVersion, '1.48')) {
      throw new EngineError(
        'unsupported',
        `${where}: a gateway priority (gw_priority) needs Docker Engine API 1.48 or later, and this engine speaks ${apiVersion}; upgrade Docker or drop gw_priority`,
      );
    }
    settings['GwPriority'] = endpoint.priority;
  }
  return settings;
}

export function toHealthcheck(healthcheck: HealthcheckSpec): Record<string, unknown> {
  const body: Record<string, unknown> = { Test: [...healthcheck.test] };
  setIf(body, 'Interval', healthcheck.intervalNs);
  setIf(body, 'Timeout', healthcheck.timeoutNs);
  setIf(body, 'StartPeriod', healthcheck.startPeriodNs);
  setIf(body, 'StartInterval', healthcheck.startIntervalNs);
  setIf(body, 'Retries', healthcheck.retries);
  return body;
}

export function toRestartPolicy(policy: RestartPolicy): Record<string, unknown> {
  switch (policy.name) {
    case 'no':
    case 'always':
    case 'unless-stopped':
      return { Name: policy.name, MaximumRetryCount: 0 };
    case 'on-failure':
      return { Name: 'on-failure', MaximumRetryCount: policy.maximumRetryCount };
    default:
      return assertNever(policy);
  }
}

export function toPortBindings(bindings: readonly PortBinding[]): Record<string, { HostIp: string; HostPort: string }[]> {
  const result: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const binding of bindings) {
    (result[binding.containerPort] ??= []).push({ HostIp: binding.hostIp, HostPort: binding.hostPort });
  }
  return result;
}

/**
 * Mounts for the Mounts API, except bind mounts whose host path should be
 * created when missing on engines before 1.44: the Mounts API refuses a
 * missing source there, so those go through the legacy `Binds` list,
 * which creates it (what Compose does too).
 */
export function toMounts(mounts: readonly MountSpec[], apiVersion: string, where: string): { mounts: Record<string, unknown>[]; binds: string[] } {
  const result: Record<string, unknown>[] = [];
  const binds: string[] = [];
  const canCreateMountpoint = apiAtLeast(apiVersion, '1.44');
  for (const mount of mounts) {
    const body: Record<string, unknown> = { Type: mount.type, Target: mount.target, ReadOnly: mount.readOnly };
    switch (mount.type) {
      case 'bind': {
        const createHostPath = mount.bind?.createHostPath === true;
        if (createHostPath && !canCreateMountpoint) {
          const options = [mount.readOnly ? 'ro' : 'rw', ...(mount.bind?.propagation ? [mount.bind.propagation] : [])];
          binds.push(`${mount.source}:${mount.target}:${options.join(',')}`);
          continue;
        }
        body['Source'] = mount.source;
        const bindOptions: Record<string, unknown> = {};
        setIf(bindOptions, 'Propagation', mount.bind?.propagation);
        if (createHostPath) bindOptions['CreateMountpoint'] = true;
        if (Object.keys(bindOptions).length > 0) body['BindOptions'] = bindOptions;
        break;
      }
      case 'volume': {
        body['Source'] = mount.source;
        const volumeOptions: Record<string, unknown> = {};
        setIf(volumeOptions, 'NoCopy', mount.volume?.noCopy);
        if (mount.volume?.subpath !== undefined && mount.volume.subpath !== '') {
          if (!apiAtLeast(apiVersion, '1.45')) {
            throw new EngineError(
              'unsupported',
              `container ${where}: mounting a volume subpath (${mount.target}) needs Docker Engine API 1.45 or later, and this engine speaks ${apiVersion}; upgrade Docker or mount the whole volume`,
            );
          }
          volumeOptions['Subpath'] = mount.volume.subpath;
        }
        if (Object.keys(volumeOptions).length > 0) body['VolumeOptions'] = volumeOptions;
        break;
      }
      case 'tmpfs': {
        const tmpfsOptions: Record<string, unknown> = {};
        setIf(tmpfsOptions, 'SizeBytes', mount.tmpfs?.sizeBytes);
        setIf(tmpfsOptions, 'Mode', mount.tmpfs?.mode);
        if (Object.keys(tmpfsOptions).length > 0) body['TmpfsOptions'] = tmpfsOptions;
        break;
      }
      default:
        assertNever(mount.type);
    }
    result.push(body);
  }
  return { mounts: result, binds };
}

function setIf(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}
