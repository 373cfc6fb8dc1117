/**
 * Where the Docker Engine listens, from a `DOCKER_HOST`-style address:
 * `unix:///path/to/socket`, `tcp://host:port` (plain HTTP), `http://` or
 * `https://host:port`. An absent address means the default socket.
 */
import { EngineError } from '../errors.js';
import { assertNever } from './assert-never.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export type DockerConnection =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | { readonly kind: 'tcp'; readonly protocol: 'http' | 'https'; readonly host: string; readonly port: number };

export function parseDockerHost(address: string | undefined): DockerConnection {
  if (address === undefined || address === '') return { kind: 'unix', socketPath: DEFAULT_DOCKER_SOCKET };
  if (address.startsWith('unix://')) {
    return { kind: 'unix', socketPath: address.slice('unix://'.length) || DEFAULT_DOCKER_SOCKET };
  }
  if (address.startsWith('/')) return { kind: 'unix', socketPath: address };
  const match = /^(tcp|http|https):\/\/\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(address);
  if (match === null) {
    throw new EngineError(
      'invalid',
      `DOCKER_HOST "${address}" is not an address berth can use; write unix:///var/run/docker.sock or tcp://HOST:PORT`,
    );
  }
  const scheme = match[1] as 'tcp' | 'http' | 'https';
  const protocol = scheme === 'https' ? 'https' : 'http';
  const port = match[3] === undefined ? (protocol === 'https' ? 2376 : 2375) : Number(match[3]);
  return { kind: 'tcp', protocol, host: match[2] ?? '', port };
}

export function formatDockerHost(connection: DockerConnection): string {
  switch (connection.kind) {
    case 'unix':
      return `unix://${connection.socketPath}`;
    case 'tcp':
      return `${connection.protocol === 'https' ? 'https' : 'tcp'}://${connection.host}:${connection.port}`;
    default:
      return assertNever(connection);
  }
}
