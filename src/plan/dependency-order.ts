/**
 * Services in dependency order, deterministically: repeatedly the first
 * service (by name) whose dependencies are all placed, as Compose visits
 * them. `reverse` places dependents first (stop and down order).
 */
import type { ServiceConfig } from '../model/index.js';
import { compareText } from './labels.js';

export interface DependencyGraph {
  /** Service → the services it depends on. */
  readonly [service: string]: readonly string[];
}

export function graphOf(services: Readonly<Record<string, Pick<ServiceConfig, 'depends_on'>>>): DependencyGraph {
  const graph: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(services)) graph[name] = Object.keys(service.depends_on ?? {});
  return graph;
}

/** The given services ordered so each comes after its dependencies (edges to services not given are ignored). */
export function dependencyOrder(graph: DependencyGraph, services: Iterable<string>, direction: 'forward' | 'reverse' = 'forward'): string[] {
  const pending = [...new Set(services)].sort(compareText);
  const included = new Set(pending);
  const blockers = new Map<string, string[]>();
  for (const service of pending) {
    if (direction === 'forward') {
      blockers.set(service, (graph[service] ?? []).filter((dependency) => included.has(dependency) && dependency !== service));
    } else {
      blockers.set(service, pending.filter((other) => other !== service && (graph[other] ?? []).includes(service)));
    }
  }
  const placed = new Set<string>();
  const order: string[] = [];
  while (order.length < pending.length) {
    const next = pending.find((service) => !placed.has(service) && (blockers.get(service) ?? []).every((blocker) => placed.has(blocker)));
    // A cycle (the loader refuses them): place the rest by name rather than loop forever.
    const chosen = next ?? pending.find((service) => !placed.has(service));
    if (chosen === undefined) break;
    placed.add(chosen);
    order.push(chosen);
  }
  return order;
}

/** The services and, transitively, everything they depend on that the graph knows. */
export function withDependencies(graph: DependencyGraph, services: Iterable<string>): Set<string> {
  const result = new Set<string>();
  const visit = (service: string): void => {
    if (result.has(service) || graph[service] === undefined) return;
    result.add(service);
    for (const dependency of graph[service] ?? []) visit(dependency);
  };
  for (const service of services) visit(service);
  return result;
}

/** The services and, transitively, every service that depends on them. */
export function withDependents(graph: DependencyGraph, services: Iterable<string>): Set<string> {
  const result = new Set<string>();
  const visit = (service: string): void => {
    if (result.has(service)) return;
    result.add(service);
    for (const [other, dependencies] of Object.entries(graph)) if (dependencies.includes(service)) visit(other);
  };
  for (const service of services) visit(service);
  return result;
}
