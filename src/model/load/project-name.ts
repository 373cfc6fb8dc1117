/**
 * The project name: `-p`, else `COMPOSE_PROJECT_NAME`, else the last `name:`
 * in the files, else the project directory's base name. Names given on the
 * command line or in the environment must already be normal; the others are
 * normalised.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';

export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export type ProjectNameSource = 'flag' | 'environment' | 'file' | 'directory';

export function chooseProjectName(candidates: {
  flag?: string | undefined;
  environment?: string | undefined;
  file?: string | undefined;
  projectDir: string;
}): { name: string; source: ProjectNameSource } {
  const imperative: [string | undefined, ProjectNameSource, string][] = [
    [candidates.flag, 'flag', '-p/--project-name'],
    [candidates.environment, 'environment', 'COMPOSE_PROJECT_NAME'],
  ];
  for (const [value, source, origin] of imperative) {
    if (!value) continue;
    if (normalizeProjectName(value) !== value) {
      throw new BerthError(
        'invalid_project_name',
        `invalid project name "${value}" (from ${origin}): must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number; try "${normalizeProjectName(value) || 'myproject'}"`,
      );
    }
    return { name: value, source };
  }
  const fromFile = normalizeProjectName(candidates.file ?? '');
  if (fromFile) return { name: fromFile, source: 'file' };
  const fromDirectory = normalizeProjectName(posix.basename(candidates.projectDir));
  if (!fromDirectory) {
    throw new BerthError(
      'invalid_project_name',
      `project name must not be empty: the directory name "${posix.basename(candidates.projectDir)}" has no usable characters; set one with -p or name:`,
    );
  }
  return { name: fromDirectory, source: 'directory' };
}
