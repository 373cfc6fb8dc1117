/**
 * Checks that need the whole merged model, after defaults and before paths
 * are resolved: references between services and resources, dependency
 * cycles, and attributes that contradict each other. The first problem, in
 * service-name order, is reported with the place it was written.
 */
import { isIP } from 'node:net';
import { BerthError } from '../../errors.js';
import { formatPath, isDict, type Dict, type Locate, type ModelPath } from '../tree.js';

type Check = (service: Dict, name: string, model: Dict) => Problem | undefined;

interface Problem {
  readonly path: ModelPath;
  readonly message: string;
  readonly code?: 'cycle';
}

const SERVICE_CHECKS: readonly Check[] = [
  function imageOrBuild(service, name) {
    if (service['image'] === undefined && service['build'] === undefined && service['provider'] === undefined) {
      return { path: ['services', name], message: `service "${name}" has neither an image nor a build context specified; add image: or build:` };
    }
    return undefined;
  },
  function dockerfileExclusive(service, name) {
    const build = service['build'];
    if (isDict(build) && build['dockerfile_inline'] !== undefined && build['dockerfile'] !== undefined && build['dockerfile'] !== 'Dockerfile') {
      return { path: ['services', name, 'build'], message: `service "${name}" declares both build.dockerfile and build.dockerfile_inline; keep one` };
    }
    return undefined;
  },
  function networkModeExclusive(service, name) {
    if (service['network_mode'] !== undefined && isDict(service['networks']) && Object.keys(service['networks']).length > 0) {
      return { path: ['services', name, 'network_mode'], message: `service "${name}" declares both network_mode and networks, which exclude each other; keep one` };
    }
    return undefined;
  },
  function portsWithHostNetwork(service, name) {
    if (service['network_mode'] === 'host' && Array.isArray(service['ports']) && service['ports'].length > 0) {
      return { path: ['services', name, 'ports'], message: `service "${name}" publishes ports but uses network_mode: host, where ports cannot be published; remove ports (the service listens on the host directly)` };
    }
    return undefined;
  },
  function definedNetworks(service, name, model) {
    for (const network of Object.keys(dictAt(service, 'networks'))) {
      if (!Object.hasOwn(dictAt(model, 'networks'), network)) {
        return { path: ['services', name, 'networks', network], message: `service "${name}" refers to undefined network "${network}"; declare it under the top-level networks:` };
      }
    }
    return undefined;
  },
  function definedVolumes(service, name, model) {
    const volumes = service['volumes'];
    if (!Array.isArray(volumes)) return undefined;
    for (const [position, volume] of volumes.entries()) {
      if (!isDict(volume) || volume['type'] !== 'volume' || typeof volume['source'] !== 'string' || volume['source'] === '') continue;
      if (!Object.hasOwn(dictAt(model, 'volumes'), volume['source'])) {
        return { path: ['services', name, 'volumes', position], message: `service "${name}" refers to undefined volume "${volume['source']}"; declare it under the top-level volumes: (or write a path starting with ./ for a bind mount)` };
      }
    }
    return undefined;
  },
  function uniqueMountTargets(service, name) {
    const seen = new Set<string>();
    const mounts: [ModelPath, string][] = [];
    // tmpfs entries are `PATH[:OPTIONS]`; they mount like volumes and may not share a target with one.
    const tmpfs = Array.isArray(service['tmpfs']) ? service['tmpfs'] : [];
    for (const [position, entry] of tmpfs.entries()) {
      if (typeof entry === 'string') mounts.push([['services', name, 'tmpfs', position], entry.split(':')[0] ?? entry]);
    }
    const volumes = Array.isArray(service['volumes']) ? service['volumes'] : [];
    for (const [position, volume] of volumes.entries()) {
      if (isDict(volume) && typeof volume['target'] === 'string') mounts.push([['services', name, 'volumes', position], volume['target']]);
    }
    for (const [path, target] of mounts) {
      if (seen.has(target)) {
        return { path, message: `service "${name}" mounts two things at "${target}"; each mount (volume or tmpfs) needs its own target` };
      }
      seen.add(target);
    }
    return undefined;
  },
  ...(['secrets', 'configs'] as const).map((kind): Check => (service, name, model) => {
    const references = service[kind];
    if (!Array.isArray(references)) return undefined;
    for (const [position, reference] of references.entries()) {
      const source = isDict(reference) ? reference['source'] : undefined;
      if (typeof source === 'string' && !Object.hasOwn(dictAt(model, kind), source)) {
        return { path: ['services', name, kind, position], message: `service "${name}" refers to undefined ${kind.slice(0, -1)} "${source}"; declare it under the top-level ${kind}:` };
      }
    }
    return undefined;
  }),
  function buildSecrets(service, name, model) {
    const secrets = dictAt(service, 'build')['secrets'];
    if (!Array.isArray(secrets)) return undefined;
    for (const [position, secret] of secrets.entries()) {
      const source = isDict(secret) ? secret['source'] : undefined;
      if (typeof source === 'string' && !Object.hasOwn(dictAt(model, 'secrets'), source)) {
        return { path: ['services', name, 'build', 'secrets', position], message: `service "${name}" refers to undefined build secret "${source}"; declare it under the top-level secrets:` };
      }
    }
    return undefined;
  },
  function definedModels(service, name, model) {
    for (const used of Object.keys(dictAt(service, 'models'))) {
      if (!Object.hasOwn(dictAt(model, 'models'), used)) {
        return { path: ['services', name, 'models', used], message: `service "${name}" refers to undefined model "${used}"; declare it under the top-level models:` };
      }
    }
    return undefined;
  },
  function knownDependencies(service, name, model) {
    const services = dictAt(model, 'services');
    for (const [attribute, text] of [['links', service['links']]] as const) {
      if (!Array.isArray(text)) continue;
      for (const [position, link] of text.entries()) {
        const target = String(link).split(':')[0] ?? '';
        if (!Object.hasOwn(services, target)) {
          return { path: ['services', name, attribute, position], message: `service "${name}" links to undefined service "${target}"; check the name or define the service` };
        }
      }
    }
    for (const attribute of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const) {
      const value = service[attribute];
      if (typeof value === 'string' && value.startsWith('service:')) {
        const target = value.slice('service:'.length);
        if (!Object.hasOwn(services, target)) {
          return { path: ['services', name, attribute], message: `service "${name}" uses ${attribute} "${value}", but service "${target}" is not defined` };
        }
      }
    }
    const volumesFrom = service['volumes_from'];
    if (Array.isArray(volumesFrom)) {
      for (const [position, entry] of volumesFrom.entries()) {
        const text = String(entry);
        if (text.startsWith('container:')) continue;
        const target = text.split(':')[0] ?? '';
        if (!Object.hasOwn(services, target)) {
          return { path: ['services', name, 'volumes_from', position], message: `service "${name}" takes volumes_from undefined service "${target}"; use container:<name> for a container outside the project` };
        }
      }
    }
    for (const dependency of Object.keys(dictAt(service, 'depends_on'))) {
      if (!Object.hasOwn(services, dependency)) {
        return { path: ['services', name, 'depends_on', dependency], message: `service "${name}" depends on undefined service "${dependency}"; check the name or define the service` };
      }
    }
    return undefined;
  },
  function watchRules(service, name) {
    const rules = dictAt(service, 'develop')['watch'];
    if (!Array.isArray(rules)) return undefined;
    for (const [position, rule] of rules.entries()) {
      if (!isDict(rule)) continue;
      const action = String(rule['action']);
      const path: ModelPath = ['services', name, 'develop', 'watch', position];
      if (['sync', 'sync+restart', 'sync+exec'].includes(action) && typeof rule['target'] !== 'string') {
        return { path, message: `services.${name}.develop.watch[${position}]: target is required for non-rebuild actions ("${action}"); set the path in the container to sync to` };
      }
      if (action === 'sync+exec' && !isDict(rule['exec'])) {
        return { path, message: `services.${name}.develop.watch[${position}]: action "sync+exec" needs exec.command` };
      }
    }
    return undefined;
  },
  function portHostAddresses(service, name) {
    const ports = Array.isArray(service['ports']) ? service['ports'] : [];
    for (const [position, port] of ports.entries()) {
      const hostIp = isDict(port) ? port['host_ip'] : undefined;
      if (typeof hostIp === 'string' && hostIp !== '' && isIP(hostIp) === 0) {
        return { path: ['services', name, 'ports', position], message: `services.${name}.ports[${position}]: host_ip "${hostIp}" is not an IP address; write an address such as 127.0.0.1 or ::1` };
      }
    }
    return undefined;
  },
  function deviceRequests(service, name) {
    const requests: [ModelPath, unknown][] = [];
    (Array.isArray(service['gpus']) ? service['gpus'] : []).forEach((request, position) => requests.push([['services', name, 'gpus', position], request]));
    const reservations = dictAt(dictAt(dictAt(service, 'deploy'), 'resources'), 'reservations')['devices'];
    (Array.isArray(reservations) ? reservations : []).forEach((request, position) =>
      requests.push([['services', name, 'deploy', 'resources', 'reservations', 'devices', position], request]),
    );
    for (const [path, request] of requests) {
      if (isDict(request) && request['count'] !== undefined && request['device_ids'] !== undefined) {
        return { path, message: `${formatPath(path)}: count and device_ids exclude each other; ask for a number of devices or for specific ones` };
      }
    }
    return undefined;
  },
  function scaleAgreesWithReplicas(service, name) {
    const scale = service['scale'];
    const replicas = dictAt(service, 'deploy')['replicas'];
    if (typeof scale === 'number' && scale < 0) return { path: ['services', name, 'scale'], message: `services.${name}.scale must be greater than or equal to 0` };
    if (typeof replicas === 'number' && replicas < 0) return { path: ['services', name, 'deploy', 'replicas'], message: `services.${name}.deploy.replicas must be greater than or equal to 0` };
    if (typeof scale === 'number' && typeof replicas === 'number' && scale !== replicas) {
      return { path: ['services', name, 'scale'], message: `services.${name}: scale (${scale}) and deploy.replicas (${replicas}) differ; set only one of them` };
    }
    return undefined;
  },
  function containerNameNotScaled(service, name) {
    const scale = service['scale'] ?? dictAt(service, 'deploy')['replicas'];
    if (service['container_name'] !== undefined && typeof scale === 'number' && scale > 1) {
      return { path: ['services', name, 'container_name'], message: `services.${name}: container_name "${String(service['container_name'])}" is unique, so the service cannot have ${scale} replicas; remove container_name or the scale` };
    }
    return undefined;
  },
  function healthcheckTest(service, name) {
    const test = dictAt(service, 'healthcheck')['test'];
    if (Array.isArray(test) && test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(String(test[0]))) {
      return { path: ['services', name, 'healthcheck', 'test'], message: `services.${name}.healthcheck.test must start with "CMD", "CMD-SHELL" or "NONE" (got "${String(test[0])}"); a plain string is run with the shell` };
    }
    return undefined;
  },
  function limitsAgree(service, name) {
    const limits = dictAt(dictAt(dictAt(service, 'deploy'), 'resources'), 'limits');
    const pairs: [string, string][] = [
      ['cpus', 'cpus'],
      ['mem_limit', 'memory'],
      ['pids_limit', 'pids'],
    ];
    for (const [own, limit] of pairs) {
      const value = service[own];
      const other = limits[limit];
      if (value !== undefined && other !== undefined && String(value) !== String(other)) {
        return { path: ['services', name, own], message: `services.${name}: can't set distinct values on '${own}' and 'deploy.resources.limits.${limit}'; keep one` };
      }
    }
    return undefined;
  },
];

const RESOURCE_CHECKS: readonly ((model: Dict) => Problem | undefined)[] = [
  function externalStandsAlone(model) {
    for (const kind of ['volumes', 'networks'] as const) {
      for (const [name, resource] of Object.entries(dictAt(model, kind))) {
        if (!isDict(resource) || resource['external'] !== true) continue;
        const other = Object.keys(resource).find((key) => key !== 'name' && key !== 'external' && !key.startsWith('x-'));
        if (other !== undefined) {
          return { path: [kind, name], message: `${kind}.${name}: conflicting parameters "external" and "${other}" specified; an external ${kind.slice(0, -1)} is only named, never configured` };
        }
      }
    }
    return undefined;
  },
  function secretSources(model) {
    for (const [name, secret] of Object.entries(dictAt(model, 'secrets'))) {
      if (!isDict(secret) || secret['external'] === true) continue;
      const sources = ['file', 'environment'].filter((key) => secret[key] !== undefined);
      if (sources.length !== 1) {
        return { path: ['secrets', name], message: sources.length === 0 ? `secret "${name}" needs a source: set file: or environment: (or external: true)` : `secret "${name}": file and environment exclude each other; keep one` };
      }
    }
    return undefined;
  },
  function configSources(model) {
    for (const [name, config] of Object.entries(dictAt(model, 'configs'))) {
      if (!isDict(config) || config['external'] === true) continue;
      const sources = ['file', 'environment', 'content'].filter((key) => config[key] !== undefined);
      if (sources.length !== 1) {
        return { path: ['configs', name], message: sources.length === 0 ? `config "${name}" needs a source: set file:, environment: or content: (or external: true)` : `config "${name}": ${sources.join(', ')} exclude each other; keep one` };
      }
    }
    return undefined;
  },
  function dependencyCycles(model) {
    const services = dictAt(model, 'services');
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, trail: string[]): Problem | undefined => {
      if (state.get(name) === 'done') return undefined;
      if (state.get(name) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(name)), name];
        const from = cycle[cycle.length - 2] ?? name;
        return { path: ['services', from, 'depends_on', name], message: `dependency cycle detected: ${cycle.join(' -> ')}; remove one of these depends_on`, code: 'cycle' };
      }
      state.set(name, 'visiting');
      for (const dependency of Object.keys(dictAt(dictAt(services, name), 'depends_on')).sort()) {
        if (!Object.hasOwn(services, dependency)) continue;
        const problem = visit(dependency, [...trail, name]);
        if (problem) return problem;
      }
      state.set(name, 'done');
      return undefined;
    };
    for (const name of Object.keys(services).sort()) {
      const problem = visit(name, []);
      if (problem) return problem;
    }
    return undefined;
  },
];

export function validateSemantics(model: Dict, locate: Locate): void {
  const services = dictAt(model, 'services');
  for (const name of Object.keys(services).sort()) {
    const service = services[name];
    if (!isDict(service)) continue;
    for (const check of SERVICE_CHECKS) report(check(service, name, model), locate);
  }
  for (const check of RESOURCE_CHECKS) report(check(model), locate);
}

function report(problem: Problem | undefined, locate: Locate): void {
  if (!problem) return;
  const location = locate(problem.path);
  const message = location ? problem.message : `${problem.message} (at ${formatPath(problem.path)})`;
  throw new BerthError(problem.code ?? 'invalid_project', message, { location });
}

function dictAt(value: unknown, key: string): Dict {
  if (!isDict(value)) return {};
  const child = value[key];
  return isDict(child) ? child : {};
}

/**
 * Checks on paths as written, before they are resolved against the project
 * directory (which would turn an empty path into the directory itself).
 */
export function validateWrittenPaths(model: Dict, locate: Locate): void {
  const services = dictAt(model, 'services');
  for (const name of Object.keys(services).sort()) {
    const rules = dictAt(services[name], 'develop')['watch'];
    if (!Array.isArray(rules)) continue;
    for (const [position, rule] of rules.entries()) {
      if (isDict(rule) && typeof rule['path'] === 'string' && rule['path'].trim() === '') {
        report({ path: ['services', name, 'develop', 'watch', position, 'path'], message: `services.${name}.develop.watch[${position}].path must not be empty; name the file or directory to watch` }, locate);
      }
    }
  }
}
