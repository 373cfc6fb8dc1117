/**
 * Config hashes: SHA-256 over the canonical JSON of exactly what berth sends
 * the engine. A container is up to date when the hash of the spec berth
 * would send now equals the `com.docker.compose.config-hash` label on it, so
 * the hash changes exactly when what the engine would receive changes.
 *
 * Left out: the name (a replacement is created under a temporary one) and
 * berth's bookkeeping labels (`BOOKKEEPING_LABELS`: the hash itself, the
 * container number, `replace`, the version, the config file list, the image
 * digest, …), which describe where a container came from, not how it runs.
 * The image digest is compared on its own, so a plan can say "image changed".
 */
import { createHash } from 'node:crypto';
import type { ContainerSpec, Labels, NetworkSpec, VolumeSpec } from '../engine/index.js';
import { canonicalJson } from './canonical-json.js';
import { BOOKKEEPING_LABELS } from './labels.js';

export function configHash(spec: ContainerSpec): string {
  const { name: _name, labels, ...rest } = spec;
  return sha256({ ...rest, labels: withoutBookkeeping(labels) });
}

/** The hash written on a network berth creates; a different one later means its config changed. */
export function networkConfigHash(spec: NetworkSpec): string {
  return sha256({ ...spec, labels: withoutBookkeeping(spec.labels) });
}

/** The hash written on a volume berth creates. */
export function volumeConfigHash(spec: VolumeSpec): string {
  return sha256({ ...spec, labels: withoutBookkeeping(spec.labels) });
}

function withoutBookkeeping(labels: Labels): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) if (!BOOKKEEPING_LABELS.has(key)) kept[key] = value;
  return kept;
}

function sha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
