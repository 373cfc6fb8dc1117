/**
 * Docker Compose's label names, exactly: berth writes the same labels on the
 * containers, networks and volumes it creates, so `docker compose ps` shows a
 * berth stack and berth finds a stack Compose made.
 */

export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';
export const CONTAINER_NUMBER_LABEL = 'com.docker.compose.container-number';
export const CONFIG_HASH_LABEL = 'com.docker.compose.config-hash';
export const ONEOFF_LABEL = 'com.docker.compose.oneoff';
export const DEPENDS_ON_LABEL = 'com.docker.compose.depends_on';
/** The image ID (`sha256:…`) the container was created from. */
export const IMAGE_LABEL = 'com.docker.compose.image';
export const CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';
export const WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';
export const ENVIRONMENT_FILE_LABEL = 'com.docker.compose.project.environment_file';
export const VERSION_LABEL = 'com.docker.compose.version';
/** On a container created to replace another: `<service>-<n>` (or the container_name). */
export const REPLACE_LABEL = 'com.docker.compose.replace';
export const NETWORK_LABEL = 'com.docker.compose.network';
export const VOLUME_LABEL = 'com.docker.compose.volume';
/** On one-off (`run`) containers: their 64-hex identity. */
export const SLUG_LABEL = 'com.docker.compose.slug';

/**
 * The value berth writes in `com.docker.compose.version`. Compose writes its
 * own core version there (`2.29.7`, no `v`); readers take it to mean "which
 * Compose semantics made this object", so berth writes the Compose release
 * whose behaviour it follows rather than its own 0.x version, in the same
 * format. Nothing compares it: it is excluded from every config hash, so
 * changing it never recreates anything.
 */
export const COMPOSE_VERSION = '2.40.0';

/** Compose writes booleans in labels the way Python did: `True` / `False`. */
export const ONEOFF_TRUE = 'True';
export const ONEOFF_FALSE = 'False';

/**
 * Labels berth writes for its own bookkeeping. None of them is part of a
 * config hash: they say where a container came from, not how it runs, and
 * Compose leaves them out of its hash too (so an upgrade, another `-f` order
 * or a new image digest alone never reads as a config change).
 */
export const BOOKKEEPING_LABELS: ReadonlySet<string> = new Set([
  PROJECT_LABEL,
  SERVICE_LABEL,
  CONTAINER_NUMBER_LABEL,
  CONFIG_HASH_LABEL,
  ONEOFF_LABEL,
  DEPENDS_ON_LABEL,
  IMAGE_LABEL,
  CONFIG_FILES_LABEL,
  WORKING_DIR_LABEL,
  ENVIRONMENT_FILE_LABEL,
  VERSION_LABEL,
  REPLACE_LABEL,
  NETWORK_LABEL,
  VOLUME_LABEL,
  SLUG_LABEL,
]);

export interface DependsOnEntry {
  readonly service: string;
  readonly condition: string;
  readonly restart: boolean;
}

/** `db:service_healthy:true,cache:service_started:false`, sorted by service. */
export function formatDependsOnLabel(entries: readonly DependsOnEntry[]): string {
  return [...entries]
    .sort((a, b) => compareText(a.service, b.service))
    .map((entry) => `${entry.service}:${entry.condition}:${entry.restart ? 'true' : 'false'}`)
    .join(',');
}

/**
 * Reads the depends_on label back (for commands without a compose file).
 * Like Compose, a bare `svc` (older writers) restarts with its dependency; an
 * unreadable restart flag means false. Its condition reads as service_started.
 */
export function parseDependsOnLabel(text: string | undefined): DependsOnEntry[] {
  if (text === undefined || text === '') return [];
  const entries: DependsOnEntry[] = [];
  for (const part of text.split(',')) {
    const [service = '', condition, restart] = part.split(':');
    if (service === '') continue;
    entries.push({
      service,
      condition: condition ?? 'service_started',
      restart: restart === undefined ? true : restart.toLowerCase() === 'true' || restart === '1',
    });
  }
  return entries;
}

/** Plain code-point order, independent of the locale, for everything berth sorts. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
