/**
 * Compose's names for what it creates: `<project>-<service>-<n>` containers,
 * `<project>_<key>` networks and volumes, `<project>-<service>` images.
 */
import type { Project, ServiceConfig } from '../model/index.js';
import { CONTAINER_NUMBER_LABEL } from './labels.js';

/** Compose v2 joins container and image names with `-` (v1 used `_`). */
export const SEPARATOR = '-';

/** `shop-web-1`, or the service's `container_name`. */
export function containerName(projectName: string, serviceName: string, service: Pick<ServiceConfig, 'container_name'>, number: number): string {
  return service.container_name ?? `${projectName}${SEPARATOR}${serviceName}${SEPARATOR}${number}`;
}

/** What `com.docker.compose.replace` says a recreated container replaces: `web-1`, or the container_name. */
export function replacedName(serviceName: string, service: Pick<ServiceConfig, 'container_name'>, number: number): string {
  return service.container_name ?? `${serviceName}${SEPARATOR}${number}`;
}

/** A one-off (`run`) container: `shop-web-run-0123456789ab`, from the first 12 hex digits of its slug. */
export function oneOffContainerName(projectName: string, serviceName: string, slug: string): string {
  return `${projectName}${SEPARATOR}${serviceName}${SEPARATOR}run${SEPARATOR}${slug.slice(0, 12)}`;
}

/**
 * The name a replacement container carries until the old one is gone:
 * `<first 12 characters of the old ID>_<final name>`, so both can exist at once.
 */
export function temporaryName(oldContainerId: string, finalName: string): string {
  return `${oldContainerId.slice(0, 12)}_${finalName}`;
}

/** `<project>_<key>` unless the network declares a `name` (the loader sets it for every network). */
export function networkName(project: Pick<Project, 'name' | 'networks'>, key: string): string {
  return project.networks?.[key]?.name ?? `${project.name}_${key}`;
}

/** `<project>_<key>` unless the volume declares a `name` (the loader sets it for every volume). */
export function volumeName(project: Pick<Project, 'name' | 'volumes'>, key: string): string {
  return project.volumes?.[key]?.name ?? `${project.name}_${key}`;
}

/** The image a service runs: its `image`, else the one `build` makes, `<project>-<service>`. */
export function imageReference(projectName: string, serviceName: string, service: Pick<ServiceConfig, 'image'>): string {
  return service.image ?? `${projectName}${SEPARATOR}${serviceName}`;
}

/** The container number Compose wrote, or undefined when the label is missing or not a number. */
export function containerNumberOf(labels: Readonly<Record<string, string>>): number | undefined {
  const text = labels[CONTAINER_NUMBER_LABEL];
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}
