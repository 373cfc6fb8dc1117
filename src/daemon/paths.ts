/**
 * Where berthd keeps its state and its socket. `BERTH_ROOT` moves the
 * persistent state (tests use temp dirs), `BERTH_RUN` the runtime state
 * that a reboot may clear (runc's state, conmon's exit files), and
 * `BERTH_SOCKET` the API socket. Without them berthd uses the system paths.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const DEFAULT_ROOT = '/var/lib/berth';
export const DEFAULT_RUN = '/run/berth';
export const DEFAULT_SOCKET = '/run/berth/docker.sock';
export const DEFAULT_CONFIG = '/etc/berth/engine.json';

export interface DaemonPaths {
  /** Persistent state: images, containers, volumes. */
  readonly root: string;
  /** Runtime state: runc's state root, conmon's exit files. */
  readonly run: string;
  readonly socket: string;
  readonly config: string;
}

export function daemonPaths(environment: Readonly<Record<string, string | undefined>>): DaemonPaths {
  const root = nonEmpty(environment['BERTH_ROOT']) ?? DEFAULT_ROOT;
  const custom = nonEmpty(environment['BERTH_ROOT']) !== undefined;
  // A custom root keeps everything of that daemon together, so two test daemons never share runc state.
  const run = nonEmpty(environment['BERTH_RUN']) ?? (custom ? join(root, 'run') : DEFAULT_RUN);
  const socket = nonEmpty(environment['BERTH_SOCKET']) ?? (custom ? join(run, 'docker.sock') : DEFAULT_SOCKET);
  const config = nonEmpty(environment['BERTH_CONFIG']) ?? (custom ? join(root, 'engine.json') : DEFAULT_CONFIG);
  return { root, run, socket, config };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** `/berth` for the system's berthd; a berthd with its own root (tests) gets its own parent, so it can remove it. */
export function cgroupParent(root: string): string {
  return root === DEFAULT_ROOT ? '/berth' : `/berth-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
}
