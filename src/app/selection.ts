/**
 * Which services a command touches: the named ones (all when none is
 * named), with their dependencies unless `--no-deps`.
 */
import { BerthError } from '../errors.js';
import type { Project } from '../model/index.js';
import { compareText, graphOf, withDependencies } from '../plan/index.js';

export function checkServiceNames(project: Project, names: readonly string[]): void {
  for (const name of names) {
    if (project.services[name] === undefined) {
      throw new BerthError('invalid_argument', `no such service: ${name}; the project's services are ${Object.keys(project.services).sort(compareText).join(', ')}`);
    }
  }
}

export function selectedServices(project: Project, names: readonly string[], noDeps = false): string[] {
  checkServiceNames(project, names);
  if (names.length === 0) return Object.keys(project.services).sort(compareText);
  if (noDeps) return [...new Set(names)].sort(compareText);
  return [...withDependencies(graphOf(project.services), names)].sort(compareText);
}

/** The container name without `<project>-`: Compose's log prefix and event source (`web-1`). */
export function shortName(projectName: string, containerName: string): string {
  const prefix = `${projectName}-`;
  return containerName.startsWith(prefix) ? containerName.slice(prefix.length) : containerName;
}
