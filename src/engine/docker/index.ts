/**
 * The Engine on a Docker Engine, through dockerode. The only place in
 * berth that talks to Docker; everything above sees the `Engine` interface.
 */
import type { Engine, EngineInfo } from '../engine.js';
import { DockerClient } from './client.js';
import { parseDockerHost } from './connection.js';
import { dockerContainers } from './containers.js';
import { dockerEvents } from './events.js';
import { dockerImages } from './images.js';
import { dockerNetworks } from './networks.js';
import { dockerVolumes } from './volumes.js';

export { DEFAULT_DOCKER_SOCKET, parseDockerHost, type DockerConnection } from './connection.js';

export interface DockerEngineOptions {
  /** `unix:///path`, `tcp://host:port`; default: `DOCKER_HOST`, else `/var/run/docker.sock`. */
  readonly host?: string | undefined;
  /** Milliseconds since the epoch; the default start of an event stream. Default: the system clock. */
  readonly now?: (() => number) | undefined;
}

export function createDockerEngine(options: DockerEngineOptions = {}): Engine {
  // The one place the adapter reads its environment, as the Docker CLI does.
  const client = new DockerClient(parseDockerHost(options.host ?? process.env['DOCKER_HOST']));
  return {
    async info(signal?: AbortSignal): Promise<EngineInfo> {
      const [info, version] = await Promise.all([
        client.json<{ OSType?: string; Architecture?: string; CgroupVersion?: string }>('reading the Docker Engine info', { method: 'GET', path: '/info', signal }),
        client.json<{ Version?: string; ApiVersion?: string; Os?: string; Arch?: string }>('reading the Docker Engine version', {
          method: 'GET',
          path: '/version',
          signal,
        }),
      ]);
      return {
        engine: 'docker',
        version: version.Version ?? '',
        apiVersion: version.ApiVersion ?? '',
        os: version.Os ?? info.OSType ?? '',
        architecture: version.Arch ?? info.Architecture ?? '',
        cgroupVersion: info.CgroupVersion === '1' || info.CgroupVersion === '2' ? info.CgroupVersion : 'unknown',
      };
    },
    images: dockerImages(client),
    networks: dockerNetworks(client),
    volumes: dockerVolumes(client),
    containers: dockerContainers(client),
    events: dockerEvents(client, options.now ?? Date.now),
    async close() {
      // The modem opens a connection per request and keeps none; nothing to release.
    },
  };
}
