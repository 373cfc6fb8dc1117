/**
 * The hash of a service's configuration, the way Compose computes the
 * `com.docker.compose.config-hash` label: SHA-256 over the canonical JSON of
 * the service without the attributes that never require a new container.
 */
import { createHash } from 'node:crypto';
import type { ServiceConfig } from './project.js';
import { sortKeys } from './render.js';

/** Changing these never recreates a container (Compose excludes them too). */
const NOT_HASHED = ['build', 'pull_policy', 'scale', 'depends_on', 'profiles'] as const;

export function serviceConfigHash(service: ServiceConfig): string {
  const hashed: Record<string, unknown> = { ...service };
  for (const key of NOT_HASHED) delete hashed[key];
  const deploy = hashed['deploy'];
  if (typeof deploy === 'object' && deploy !== null) {
    const { replicas: _replicas, ...rest } = deploy as Record<string, unknown>;
    hashed['deploy'] = rest;
  }
  return createHash('sha256').update(JSON.stringify(sortKeys(hashed))).digest('hex');
}
