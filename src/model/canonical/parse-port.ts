/**
 * The short port syntax `[IP:][HOST[-RANGE]:]CONTAINER[-RANGE][/PROTOCOL]`,
 * expanded into long-form entries exactly as compose-go does it (through
 * docker/go-connections' ParsePortSpec):
 * - one entry per container port of a range, each published on the matching
 *   host port (`80-81:8080-8081` → 8080←80, 8081←81);
 * - a host range with a single container port stays one entry published on
 *   the whole range (`80-90:8080` → published `80-90`);
 * - entries come out ordered by the text `PORT/PROTOCOL`, as compose-go
 *   sorts them (so `8-10` gives 10, 8, 9);
 * - `mode: ingress` and the (lowercased) protocol are set here, because
 *   compose-go sets them while parsing; `published` is a string.
 * The IP may be IPv4, or IPv6 with or without brackets (`[::1]:80:80`,
 * `::1:80:80`); brackets are removed.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { type ParseResult, parsed, rejected } from './parse-result.js';

export interface ShortSyntaxPort {
  readonly mode: 'ingress';
  readonly host_ip?: string;
  readonly target: number;
  readonly published?: string;
  readonly protocol: string;
}

export const PORT_SYNTAX =
  '[IP:][HOST[-RANGE]:]CONTAINER[-RANGE][/PROTOCOL] with ports 0-65535 and protocol tcp, udp or sctp, e.g. "127.0.0.1:8080:80/tcp"';

const PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

export function parsePortSpec(spec: string): ParseResult<ShortSyntaxPort[]> {
  const parts = spec.split(':');
  const containerPart = parts.at(-1) ?? '';
  const hostPortText = parts.length >= 2 ? (parts.at(-2) ?? '') : '';
  const rawHostIp = parts.length >= 3 ? parts.slice(0, -2).join(':') : '';

  const [containerPortText = '', protocolText] = containerPart.split('/');
  if (containerPortText === '') return rejected('no container port is given');
  const protocol = (protocolText === undefined || protocolText === '' ? 'tcp' : protocolText).toLowerCase();

  const hostIp = unbracket(rawHostIp);
  if (hostIp === undefined || (hostIp !== '' && !isIPv4(hostIp) && !(isIPv6(hostIp) && !hostIp.includes('%')))) {
    return rejected(`"${rawHostIp}" is not an IP address`);
  }
  const containerRange = parsePortRange(containerPortText);
  if (!containerRange.ok) return rejected(`container port ${containerRange.reason}`);
  const [start, end] = containerRange.value;

  let hostRange: readonly [number, number] | undefined;
  if (hostPortText !== '') {
    const parsedHost = parsePortRange(hostPortText);
    if (!parsedHost.ok) return rejected(`host port ${parsedHost.reason}`);
    hostRange = parsedHost.value;
    if (end - start !== hostRange[1] - hostRange[0] && end !== start) {
      return rejected(`the container range ${containerPortText} and the host range ${hostPortText} differ in size`);
    }
  }
  if (!PROTOCOLS.has(protocol)) return rejected(`"${protocolText ?? ''}" is not a protocol`);

  const entries: { key: string; port: ShortSyntaxPort }[] = [];
  for (let offset = 0; offset <= end - start; offset++) {
    const target = start + offset;
    let published: string | undefined;
    if (hostRange !== undefined) {
      published = String(hostRange[0] + offset);
      // A single container port with a host range may use any port in it.
      if (start === end && hostRange[0] !== hostRange[1]) published += `-${hostRange[1]}`;
    }
    entries.push({
      key: `${target}/${protocol}`,
      port: {
        mode: 'ingress',
        ...(hostIp === '' ? {} : { host_ip: hostIp }),
        target,
        ...(published === undefined ? {} : { published }),
        protocol,
      },
    });
  }
  entries.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  return parsed(entries.map((entry) => entry.port));
}

/** `80` or `8000-8010`; each port a decimal in 0–65535. */
export function parsePortRange(text: string): ParseResult<readonly [number, number]> {
  const bounds = text.split('-');
  if (bounds.length > 2) return rejected(`"${text}" is not a port or a port range`);
  const [startText = '', endText = startText] = bounds;
  const start = parsePortNumber(startText);
  const end = parsePortNumber(endText);
  if (start === undefined || end === undefined) return rejected(`"${text}" is not a port or a port range`);
  if (end < start) return rejected(`"${text}" ends before it starts`);
  return parsed([start, end]);
}

function parsePortNumber(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** `[::1]` → `::1`; undefined when brackets are unbalanced. */
function unbracket(ip: string): string | undefined {
  if (!ip.startsWith('[')) return ip;
  return ip.endsWith(']') && ip.indexOf(']') === ip.length - 1 ? ip.slice(1, -1) : undefined;
}
