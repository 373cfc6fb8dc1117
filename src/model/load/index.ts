export { loadProject, loadProjectDetails, type LoadedProject } from './load-project.js';
export type { LoadProjectOptions } from './options.js';
export { nodeHost, type LoaderHost } from './host.js';
export { normalizeProjectName } from './project-name.js';
export { DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES } from './config-files.js';
