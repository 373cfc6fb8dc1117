/**
 * Dependencies a service has without writing `depends_on`: the services it
 * links to, takes volumes from, or shares a namespace with. Compose starts
 * those first. A dependency written in `depends_on` is never replaced.
 *
 * `restart` differs by kind, as in compose-go: a link or a shared namespace
 * must follow its target's restarts (the namespace or the address goes away
 * with the container), volumes taken with `volumes_from` need not.
 */
import { isDict, type Dict } from '../tree.js';

const servicePrefix = 'service:';
const containerPrefix = 'container:';

/** Attributes whose `service:<name>` value joins another service's namespace. */
const namespaceAttributes = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

function implicitDependency(restart: boolean): Dict {
  return { condition: 'service_started', restart, required: true };
}

export function addImplicitDependencies(service: Dict): Dict {
  const written = service['depends_on'];
  // A depends_on that is not in long form is left for validation to report.
  if (written !== undefined && !isDict(written)) return service;
  const dependsOn: Dict = { ...(written ?? {}) };
  const add = (name: string, restart: boolean): void => {
    if (!(name in dependsOn)) dependsOn[name] = implicitDependency(restart);
  };

  for (const link of strings(service['links'])) {
    // `service:alias` links to `service`; anything else is taken whole.
    const parts = link.split(':');
    add(parts.length === 2 && parts[0] !== undefined ? parts[0] : link, true);
  }
  for (const attribute of namespaceAttributes) {
    const value = service[attribute];
    if (typeof value === 'string' && value.startsWith(servicePrefix)) {
      add(value.slice(servicePrefix.length), true);
    }
  }
  for (const source of strings(service['volumes_from'])) {
    if (source.startsWith(containerPrefix)) continue;
    add(source.split(':')[0] ?? source, false);
  }

  if (Object.keys(dependsOn).length === 0) return service;
  return { ...service, depends_on: dependsOn };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
