/**
 * Published and exposed ports: every `ports` target and every `expose` entry
 * (ranges expanded) is an exposed port; every `ports` entry is a binding with
 * its host IP and host port or range (empty: an ephemeral port).
 */
import type { PortBinding } from '../engine/index.js';
import type { ServiceConfig } from '../model/index.js';
import { compareText } from './labels.js';

export interface ServicePorts {
  readonly exposedPorts: string[];
  readonly portBindings: PortBinding[];
}

/** `publish: false` leaves the bindings out (`run` without `--service-ports`), the exposed ports stay. */
export function servicePorts(service: ServiceConfig, publish: boolean): ServicePorts {
  const exposed = new Set<string>();
  const bindings: PortBinding[] = [];
  if (publish) {
    for (const port of service.ports ?? []) {
      const containerPort = `${port.target}/${port.protocol}`;
      exposed.add(containerPort);
      bindings.push({ containerPort, hostIp: port.host_ip ?? '', hostPort: port.published ?? '' });
    }
  }
  for (const entry of service.expose ?? []) for (const port of expandExpose(entry)) exposed.add(port);
  return {
    exposedPorts: [...exposed].sort(comparePorts),
    portBindings: bindings.sort(
      (a, b) => comparePorts(a.containerPort, b.containerPort) || compareText(a.hostIp, b.hostIp) || compareText(a.hostPort, b.hostPort),
    ),
  };
}

/** `3000`, `3000/udp`, `3000-3002/tcp` → one `port/protocol` per port. */
function expandExpose(entry: string): string[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(entry.trim());
  if (!match) return [entry];
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  const protocol = match[3] ?? 'tcp';
  const ports: string[] = [];
  for (let port = first; port <= last; port++) ports.push(`${port}/${protocol}`);
  return ports;
}

/** Numeric by port, then by protocol, so `80/tcp` comes before `443/tcp`. */
function comparePorts(a: string, b: string): number {
  const [portA = '', protocolA = ''] = a.split('/');
  const [portB = '', protocolB = ''] = b.split('/');
  return Number(portA) - Number(portB) || compareText(protocolA, protocolB);
}
