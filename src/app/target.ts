/**
 * Which project a command works on. Most commands load the compose file;
 * `down`, `ps`, `logs`, `stop`, `start` and `restart` also work without
 * one, like Compose, when a project name is given (`-p` or
 * `COMPOSE_PROJECT_NAME`): the project is then what its labels say.
 */
import { BerthError } from '../errors.js';
import { loadProjectDetails, normalizeProjectName, type LoadedProject, type LoadProjectOptions } from '../model/index.js';

export type ProjectTarget =
  | { readonly kind: 'model'; readonly loaded: LoadedProject }
  | { readonly kind: 'labels'; readonly projectName: string };

export function targetName(target: ProjectTarget): string {
  return target.kind === 'model' ? target.loaded.project.name : target.projectName;
}

/** Loads the project; `selectServices` stays off so services outside the selection are never taken for orphans. */
export async function loadForCommand(load: LoadProjectOptions, services: readonly string[] = []): Promise<LoadedProject> {
  return loadProjectDetails({ ...load, services, selectServices: false });
}

export async function loadTarget(load: LoadProjectOptions, services: readonly string[] = []): Promise<ProjectTarget> {
  try {
    return { kind: 'model', loaded: await loadForCommand(load, services) };
  } catch (error) {
    const explicitName = load.projectName ?? load.environment['COMPOSE_PROJECT_NAME'];
    const noFiles = (load.configFiles ?? []).length === 0 && (load.environment['COMPOSE_FILE'] ?? '') === '';
    if (!(error instanceof BerthError) || error.code !== 'file_not_found' || !noFiles || explicitName === undefined || explicitName === '') throw error;
    const projectName = normalizeProjectName(explicitName);
    if (projectName !== explicitName) {
      throw new BerthError('invalid_project_name', `"${explicitName}" is not a valid project name: use lowercase letters, digits, dashes and underscores, starting with a letter or digit`);
    }
    return { kind: 'labels', projectName };
  }
}
