/**
 * `_ping`, `version`, `info`, `events`, and the networks berthd has before
 * bridge networks exist (host and none).
 */
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import type { ContainerService } from '../containers/service.js';
import type { DockerEventMessage, EventBus } from '../events/bus.js';
import type { Router } from '../http/router.js';
import { ApiError, filters, sendJson } from '../http/respond.js';
import { startStream, writeAll } from '../http/streams.js';

export const API_VERSION = '1.44';
export const MIN_API_VERSION = '1.24';

export interface SystemFacts {
  readonly version: string;
  readonly root: string;
  readonly cgroupVersion: '1' | '2';
  readonly runtime: string;
  readonly imageCount: () => number;
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

export function systemRoutes(router: Router, facts: SystemFacts, containers: ContainerService, events: EventBus): void {
  const ping = ({ response }: { response: import('node:http').ServerResponse }): void => {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'API-Version': API_VERSION, Ostype: 'linux', 'Docker-Experimental': 'false', 'Cache-Control': 'no-cache, no-store, must-revalidate' });
    response.end('OK');
  };
  router.add('GET', '/_ping', ping);
  router.add('HEAD', '/_ping', ping);

  router.add('GET', '/version', ({ response }) =>
    sendJson(response, 200, {
      Platform: { Name: 'berthd' },
      Components: [{ Name: 'Engine', Version: facts.version, Details: { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: GO_ARCH[arch()] ?? arch() } }],
      Version: facts.version,
      ApiVersion: API_VERSION,
      MinAPIVersion: MIN_API_VERSION,
      GitCommit: '',
      GoVersion: `node${process.versions.node}`,
      Os: 'linux',
      Arch: GO_ARCH[arch()] ?? arch(),
      KernelVersion: release(),
      BuildTime: '',
    }),
  );

  router.add('GET', '/info', ({ response }) => {
    const list = containers.list();
    sendJson(response, 200, {
      ID: 'berthd',
      Containers: list.length,
      ContainersRunning: list.filter((record) => record.State.Running && !record.State.Paused).length,
      ContainersPaused: list.filter((record) => record.State.Paused).length,
      ContainersStopped: list.filter((record) => !record.State.Running).length,
      Images: facts.imageCount(),
      Driver: 'overlay2',
      DockerRootDir: facts.root,
      OSType: 'linux',
      OperatingSystem: 'berthd',
      Architecture: arch() === 'x64' ? 'x86_64' : arch(),
      KernelVersion: release(),
      NCPU: cpus().length,
      MemTotal: totalmem(),
      Name: hostname(),
      ServerVersion: facts.version,
      CgroupVersion: facts.cgroupVersion,
      CgroupDriver: 'cgroupfs',
      DefaultRuntime: 'runc',
      Runtimes: { runc: { path: facts.runtime } },
      LoggingDriver: 'k8s-file',
      SecurityOptions: [],
      Warnings: [],
    });
  });

  router.add('GET', '/events', async ({ query, response, signal }) => {
    const wanted = filters(query);
    const since = timeNanos(query.get('since'));
    const until = timeNanos(query.get('until'));
    startStream(response, 'application/json');
    const queue: DockerEventMessage[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = events.subscribe((event) => {
      if (!matches(event, wanted)) return;
      queue.push(event);
      wake?.();
    }, since);
    try {
      while (!signal.aborted) {
        const event = queue.shift();
        if (event === undefined) {
          if (until !== undefined && Date.now() * 1e6 >= until) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
            const timer = until === undefined ? undefined : setTimeout(resolve, Math.max(0, until / 1e6 - Date.now()));
            signal.addEventListener('abort', () => {
              if (timer !== undefined) clearTimeout(timer);
              resolve();
            }, { once: true });
          });
          wake = undefined;
          continue;
        }
        if (until !== undefined && event.timeNano > until) break;
        await writeAll(response, `${JSON.stringify(event)}\n`);
      }
    } finally {
      unsubscribe();
      response.end();
    }
  });

  const NETWORKS = ['host', 'none'].map((name) => ({
    Name: name,
    Id: `${name}`.padEnd(64, '0'),
    Created: '0001-01-01T00:00:00Z',
    Scope: 'local',
    Driver: name === 'host' ? 'host' : 'null',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: {},
    Options: {},
    Labels: {},
  }));
  router.add('GET', '/networks', ({ query, response }) => {
    const wanted = filters(query);
    // Only host and none exist, and they carry no labels: a label filter matches nothing.
    sendJson(response, 200, wanted.has('label') ? [] : NETWORKS.filter((network) => (wanted.get('name') ?? []).every((name) => network.Name.includes(name))));
  });
  router.add('GET', '/networks/{id}', ({ params, response }) => {
    const network = NETWORKS.find((entry) => entry.Name === params['id'] || entry.Id === params['id']);
    if (network === undefined) throw ApiError.of('not_found', `network ${params['id']} not found`);
    sendJson(response, 200, network);
  });
  router.add('POST', '/networks/create', () => {
    throw ApiError.of(
      'unsupported',
      'berthd has no bridge networks yet: containers run with network_mode host or none (set network_mode on each service), or use a Docker Engine (DOCKER_HOST)',
    );
  });
}

function timeNanos(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const number = Number(value);
  if (Number.isFinite(number)) return number * 1e9;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw ApiError.of('invalid', `invalid time "${value}": give Unix seconds or an RFC 3339 time`);
  return parsed * 1e6;
}

function matches(event: DockerEventMessage, wanted: Map<string, string[]>): boolean {
  const types = wanted.get('type');
  if (types !== undefined && types.length > 0 && !types.includes(event.Type)) return false;
  const actions = wanted.get('event');
  if (actions !== undefined && actions.length > 0 && !actions.some((action) => event.Action === action || event.Action.startsWith(`${action}:`))) return false;
  const labels = wanted.get('label');
  if (labels !== undefined && !labels.every((filter) => {
    const at = filter.indexOf('=');
    return at < 0 ? event.Actor.Attributes[filter] !== undefined : event.Actor.Attributes[filter.slice(0, at)] === filter.slice(at + 1);
  })) return false;
  const ids = [...(wanted.get('container') ?? []), ...(wanted.get('image') ?? []), ...(wanted.get('volume') ?? [])];
  if (ids.length > 0 && !ids.some((id) => event.Actor.ID.startsWith(id) || event.Actor.Attributes['name'] === id)) return false;
  return true;
}
