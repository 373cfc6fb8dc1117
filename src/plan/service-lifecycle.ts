/**
 * What happens around a service container's start and stop besides the
 * engine call itself (Compose ≥ 2.23 / 2.30): secrets and configs from
 * `environment:` or `content:` are written into the container before each
 * start, `post_start` hooks run after it, `pre_stop` hooks before a stop.
 * Pure: the interpolation environment is an argument.
 */
import { BerthError } from '../errors.js';
import type { Environment } from '../model/load/environment.js';
import { parseFileMode } from '../model/canonical/index.js';
import type { FileReferenceConfig, Project, ServiceConfig, ServiceHook } from '../model/index.js';
import { formatPath, locateNowhere, type Locate } from '../model/tree.js';
import { compareText } from './labels.js';
import type { ContainerFile, ContainerHook } from './plan.js';
import { fileReferenceTarget } from './spec-mounts.js';

// Compose writes injected files read-only for everyone unless `mode` says otherwise.
const DEFAULT_FILE_MODE = 0o444;

export interface LifecycleContext {
  /** The interpolation environment (shell over env files): the values of `environment:` secrets and configs. */
  readonly environment: Environment;
  readonly locate?: Locate | undefined;
}

/** The fields a start step of this service carries, omitted when empty. */
export interface StartExtras {
  readonly files?: readonly ContainerFile[];
  readonly postStart?: readonly ContainerHook[];
}

export function startExtras(project: Project, serviceName: string, context: LifecycleContext): StartExtras {
  const service = serviceOf(project, serviceName);
  const files = injectedFiles(project, serviceName, context);
  const postStart = serviceHooks(service.post_start);
  return { ...(files.length > 0 ? { files } : {}), ...(postStart.length > 0 ? { postStart } : {}) };
}

/** The `preStop` field of a stop step of this service (for `stop` and `down`), omitted when there are no hooks. */
export function stopExtras(service: ServiceConfig | undefined): { readonly preStop?: readonly ContainerHook[] } {
  const preStop = serviceHooks(service?.pre_stop);
  return preStop.length > 0 ? { preStop } : {};
}

/**
 * The secrets and configs of a service that come from `environment:` or
 * `content:`, as files. A variable that is not set, or a read-only root
 * filesystem to write them into, fails here, before anything is created.
 */
export function injectedFiles(project: Project, serviceName: string, context: LifecycleContext): ContainerFile[] {
  const service = serviceOf(project, serviceName);
  const locate = context.locate ?? locateNowhere;
  const files: ContainerFile[] = [];
  for (const kind of ['secrets', 'configs'] as const) {
    const declared = project[kind] ?? {};
    (service[kind] ?? []).forEach((reference, index) => {
      const definition = declared[reference.source];
      if (definition === undefined || definition.file !== undefined || definition.external === true) return;
      const path = ['services', serviceName, kind, index];
      const what = `${kind === 'secrets' ? 'secret' : 'config'} "${reference.source}"`;
      let content: string;
      if (definition.content !== undefined) {
        content = definition.content;
      } else if (definition.environment !== undefined) {
        const value = context.environment[definition.environment];
        if (value === undefined) {
          throw new BerthError('invalid_project', `${formatPath(path)}: environment variable ${definition.environment} required by ${what} is not set; set it in the shell or in .env`, {
            location: locate([kind, reference.source, 'environment']),
          });
        }
        content = value;
      } else {
        return;
      }
      // Compose skips an empty value rather than writing an empty file.
      if (content === '') return;
      if (service.read_only === true) {
        throw new BerthError('invalid_project', `${formatPath(path)}: cannot write ${what} into service ${serviceName}, whose root filesystem is read-only; use file: for it, or drop read_only`, {
          location: locate(path),
        });
      }
      files.push({
        kind: kind === 'secrets' ? 'secret' : 'config',
        name: reference.source,
        path: fileReferenceTarget(kind, reference),
        content,
        mode: fileMode(reference, path, locate),
        ...owner(reference, path, locate),
      });
    });
  }
  return files;
}

/** Hooks as the engine execs them; a hook without a command does nothing and is left out. */
export function serviceHooks(hooks: readonly ServiceHook[] | undefined): ContainerHook[] {
  return (hooks ?? []).flatMap((hook) => {
    if (hook.command === undefined || hook.command === null || hook.command.length === 0) return [];
    const env = Object.entries(hook.environment ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, value]) => `${key}=${value}`);
    return [
      {
        command: hook.command,
        env,
        ...(hook.user !== undefined ? { user: hook.user } : {}),
        ...(hook.working_dir !== undefined ? { workingDir: hook.working_dir } : {}),
        ...(hook.privileged === true ? { privileged: true } : {}),
      },
    ];
  });
}

function fileMode(reference: FileReferenceConfig, path: readonly (string | number)[], locate: Locate): number {
  if (reference.mode === undefined) return DEFAULT_FILE_MODE;
  const mode = parseFileMode(reference.mode);
  if (!mode.ok) throw new BerthError('invalid_project', `${formatPath([...path, 'mode'])}: "${reference.mode}" is not a file mode: ${mode.reason}`, { location: locate([...path, 'mode']) });
  return mode.value;
}

function owner(reference: FileReferenceConfig, path: readonly (string | number)[], locate: Locate): { uid?: number; gid?: number } {
  const id = (key: 'uid' | 'gid'): number | undefined => {
    const text = reference[key];
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) {
      throw new BerthError('invalid_project', `${formatPath([...path, key])}: "${text}" is not a numeric ${key}; write a number such as 1000`, { location: locate([...path, key]) });
    }
    return Number(text);
  };
  const uid = id('uid');
  const gid = id('gid');
  return { ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) };
}

function serviceOf(project: Project, serviceName: string): ServiceConfig {
  const service = project.services[serviceName];
  if (service === undefined) throw new Error(`service-lifecycle: no service ${serviceName} in project ${project.name}`);
  return service;
}
