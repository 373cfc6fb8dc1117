/**
 * Profiles: a service without profiles is always on; one with profiles is on
 * when one of them is active (`*` activates all) or when it is named on the
 * command line. Services named on the command line bring their dependencies.
 * A dependency on a service left off is an error unless `required: false`.
 */
import { BerthError } from '../../errors.js';
import { isDict, type Dict, type Locate } from '../tree.js';

export interface ProfileSelection {
  readonly model: Dict;
  /** Services left off by profiles, kept so that `config --profiles` and later `down` can see them. */
  readonly disabled: Readonly<Record<string, Dict>>;
}

export function selectProfiles(model: Dict, activeProfiles: readonly string[], namedServices: readonly string[], locate: Locate): ProfileSelection {
  const services = isDict(model['services']) ? model['services'] : {};
  for (const name of namedServices) {
    if (!Object.hasOwn(services, name)) {
      throw new BerthError('invalid_project', `no such service: ${name}; the project defines ${Object.keys(services).sort().join(', ') || 'no services'}`);
    }
  }
  const active = new Set(activeProfiles);
  const enabled = new Set<string>();
  const isOn = (service: Dict): boolean => {
    const profiles = Array.isArray(service['profiles']) ? (service['profiles'] as string[]) : [];
    return profiles.length === 0 || active.has('*') || profiles.some((profile) => active.has(profile));
  };
  for (const [name, service] of Object.entries(services)) {
    if (isDict(service) && isOn(service)) enabled.add(name);
  }
  const pending = [...namedServices];
  const pulledIn = new Set<string>();
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (pulledIn.has(name)) continue;
    pulledIn.add(name);
    enabled.add(name);
    for (const dependency of Object.keys(dependsOn(services[name]))) {
      if (Object.hasOwn(services, dependency)) pending.push(dependency);
    }
  }

  const kept: Dict = {};
  const disabled: Record<string, Dict> = {};
  for (const name of Object.keys(services)) {
    const service = services[name] as Dict;
    if (!enabled.has(name)) {
      disabled[name] = service;
      continue;
    }
    const dependencies = dependsOn(service);
    let pruned: Dict | undefined;
    for (const [dependency, condition] of Object.entries(dependencies)) {
      if (!Object.hasOwn(disabled, dependency) && (enabled.has(dependency) || !Object.hasOwn(services, dependency))) continue;
      if (isDict(condition) && condition['required'] === false) {
        pruned ??= { ...dependencies };
        delete pruned[dependency];
        continue;
      }
      const profiles = (services[dependency] as Dict)['profiles'];
      throw new BerthError(
        'invalid_project',
        `service "${dependency}" is required by "${name}" but is disabled; enable it with --profile ${Array.isArray(profiles) ? profiles.join(' or --profile ') : ''}`.trimEnd(),
        { location: locate(['services', name, 'depends_on', dependency]) },
      );
    }
    if (!pruned) kept[name] = service;
    else if (Object.keys(pruned).length > 0) kept[name] = { ...service, depends_on: pruned };
    else {
      const { depends_on: _none, ...rest } = service;
      kept[name] = rest;
    }
  }
  return { model: { ...model, services: kept }, disabled };
}

function dependsOn(service: unknown): Dict {
  return isDict(service) && isDict(service['depends_on']) ? service['depends_on'] : {};
}

export function activeProfiles(flags: readonly string[] | undefined, environment: Readonly<Record<string, string>>): string[] {
  if (flags && flags.length > 0) return [...flags];
  const fromVariable = environment['COMPOSE_PROFILES'];
  return fromVariable ? fromVariable.split(',').map((profile) => profile.trim()).filter((profile) => profile !== '') : [];
}
