/**
 * An in-memory LoaderHost for pure loader tests: files are a record of
 * absolute path → text. A fake only for unit tests; end-to-end tests use
 * the real file system through the built CLI.
 */
import { posix } from 'node:path';
import { loadProjectDetails, type LoadedProject, type LoadProjectOptions, type LoaderHost } from '../../src/model/index.js';

export function memoryHost(files: Record<string, string>, stdin = ''): LoaderHost {
  return {
    readFile: async (path) => files[path],
    isFile: async (path) => Object.hasOwn(files, path),
    readStdin: async () => stdin,
    homeDir: '/home/user',
  };
}

export interface InlineLoad extends Partial<Omit<LoadProjectOptions, 'host'>> {
  /** Extra files, by path relative to /project (or absolute). */
  readonly files?: Record<string, string>;
  readonly warnings?: string[];
}

/** Loads `compose` as /project/compose.yaml, with any extra files beside it. */
export async function loadInline(compose: string, options: InlineLoad = {}): Promise<LoadedProject> {
  const files: Record<string, string> = { '/project/compose.yaml': compose };
  for (const [path, text] of Object.entries(options.files ?? {})) files[posix.resolve('/project', path)] = text;
  const { files: _files, warnings, ...rest } = options;
  return loadProjectDetails({
    workingDir: '/project',
    environment: {},
    ...rest,
    host: memoryHost(files),
    onWarning: (message) => warnings?.push(message),
  });
}
