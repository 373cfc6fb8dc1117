/**
 * Service attributes the engine interface cannot carry yet. berth names each
 * one it ignores instead of dropping it silently; Compose itself ignores the
 * Swarm-only `deploy` keys without a word (docker/compose#13150).
 */
import type { ServiceConfig } from '../model/index.js';

/** Top-level service attributes with no place in a ContainerSpec. */
const SERVICE_ATTRIBUTES: readonly (keyof ServiceConfig & string)[] = [
  'annotations',
  'blkio_config',
  'cgroup',
  'cgroup_parent',
  'cpu_count',
  'cpu_percent',
  'cpu_period',
  'cpu_quota',
  'cpu_rt_period',
  'cpu_rt_runtime',
  'credential_spec',
  'device_cgroup_rules',
  'external_links',
  'gpus',
  'isolation',
  'mem_swappiness',
  'models',
  'oom_kill_disable',
  'pre_start',
  'runtime',
  'storage_opt',
  'use_api_socket',
  'userns_mode',
  'uts',
];

/** `deploy` keys that mean something to Swarm only. */
const DEPLOY_ATTRIBUTES = ['placement', 'endpoint_mode', 'update_config', 'rollback_config', 'labels'] as const;

export function unsupportedAttributes(serviceName: string, service: ServiceConfig): string[] {
  const warnings: string[] = [];
  const ignored = (path: string): void => {
    warnings.push(`services.${serviceName}.${path} is not supported and is ignored`);
  };
  for (const attribute of SERVICE_ATTRIBUTES) {
    const value = service[attribute];
    if (value === undefined || value === false) continue;
    ignored(attribute);
  }
  for (const link of service.links ?? []) {
    // A link without an alias adds nothing service DNS does not already give.
    const [target, alias] = link.split(':');
    if (alias !== undefined && alias !== target) ignored(`links (alias ${alias} for ${target})`);
  }
  for (const device of service.devices ?? []) {
    if (device.source === device.target && /^[^/]+\/[^=]+=.+$/.test(device.source)) ignored(`devices (CDI device ${device.source})`);
  }
  const deploy = service.deploy;
  if (deploy !== undefined) {
    if (deploy.mode !== undefined && deploy.mode !== 'replicated') ignored(`deploy.mode (${deploy.mode})`);
    for (const attribute of DEPLOY_ATTRIBUTES) if (deploy[attribute] !== undefined) ignored(`deploy.${attribute}`);
    const reservations = deploy.resources?.reservations;
    if (reservations?.cpus !== undefined) ignored('deploy.resources.reservations.cpus');
    if (reservations?.devices !== undefined) ignored('deploy.resources.reservations.devices');
    if (reservations?.generic_resources !== undefined) ignored('deploy.resources.reservations.generic_resources');
    if (deploy.resources?.limits?.devices !== undefined) ignored('deploy.resources.limits.devices');
    if (deploy.restart_policy?.delay !== undefined) ignored('deploy.restart_policy.delay');
    if (deploy.restart_policy?.window !== undefined) ignored('deploy.restart_policy.window');
  }
  for (const [network, config] of Object.entries(service.networks ?? {})) {
    if (config === null) continue;
    if (config.driver_opts !== undefined) ignored(`networks.${network}.driver_opts`);
    if (config.interface_name !== undefined) ignored(`networks.${network}.interface_name`);
    if (config.link_local_ips !== undefined) ignored(`networks.${network}.link_local_ips`);
  }
  for (const option of service.security_opt ?? []) {
    const match = /^seccomp[=:](.*)$/.exec(option);
    if (match && match[1] !== 'unconfined' && match[1] !== 'builtin') ignored(`security_opt (seccomp profile file ${match[1]})`);
  }
  return warnings;
}
