/**
 * The process part of the spec that follows Docker's create-time rules
 * for the command and the environment.
 */
import { BerthError } from '../../errors.js';
import type { DockerCreateConfig } from './docker-create.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ImageConfig {
  readonly Env?: readonly string[] | null | undefined;
  readonly Cmd?: readonly string[] | null | undefined;
  readonly Entrypoint?: readonly string[] | null | undefined;
  readonly User?: string | undefined;
  readonly WorkingDir?: string | undefined;
  readonly Volumes?: Readonly<Record<string, object>> | null | undefined;
}

/**
 * Docker's merge: without an Entrypoint of its own (null or empty) the
 * container takes the image's Cmd when it has no Cmd, and the image's
 * Entrypoint when its own is null (an empty one clears it). An Entrypoint
 * of its own means the image's Cmd is not used.
 */
export function commandOf(config: DockerCreateConfig, image: ImageConfig): { entrypoint: string[]; cmd: string[] } {
  let entrypoint = config.Entrypoint === undefined ? null : config.Entrypoint;
  let cmd = config.Cmd ?? null;
  if (entrypoint === null || entrypoint.length === 0) {
    if (cmd === null || cmd.length === 0) cmd = image.Cmd ?? null;
    if (entrypoint === null) entrypoint = image.Entrypoint ?? null;
  }
  return { entrypoint: [...(entrypoint ?? [])], cmd: [...(cmd ?? [])] };
}

export function argsOf(config: DockerCreateConfig, image: ImageConfig): string[] {
  const { entrypoint, cmd } = commandOf(config, image);
  const args = [...entrypoint, ...cmd];
  if (args.length === 0) throw new BerthError('invalid_argument', 'no command specified: neither the container nor its image has an Entrypoint or Cmd');
  return args;
}

/** PATH (default), HOSTNAME and TERM (with a TTY) first, then the image's Env overlaid by the container's, key by key. */
export function envOf(config: DockerCreateConfig, image: ImageConfig, hostname: string): string[] {
  const base = [`PATH=${DEFAULT_PATH}`, `HOSTNAME=${hostname}`, ...(config.Tty === true ? ['TERM=xterm'] : [])];
  return overlayEnv(overlayEnv(base, image.Env ?? []), config.Env ?? []);
}

/** `KEY=value` entries of `overlay` replace those of `base` with the same key; a bare `KEY` removes it. */
export function overlayEnv(base: readonly string[], overlay: readonly string[]): string[] {
  const result = [...base];
  for (const entry of overlay) {
    const key = entry.includes('=') ? entry.slice(0, entry.indexOf('=')) : entry;
    const index = result.findIndex((existing) => existing === key || existing.startsWith(`${key}=`));
    if (!entry.includes('=')) {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = entry;
    else result.push(entry);
  }
  return result;
}

export function workingDirOf(config: DockerCreateConfig, image: ImageConfig): string {
  const dir = config.WorkingDir || image.WorkingDir || '/';
  if (!dir.startsWith('/')) throw new BerthError('invalid_argument', `Config.WorkingDir "${dir}" must be an absolute path`);
  return dir;
}
