/**
 * What happens to the merged canonical tree before it becomes a Project:
 * defaults, relative paths, the container environment of each service, and
 * normalisation. Every function is pure and returns a new tree.
 */
export { applyDefaults } from './defaults.js';
export { normalizeProject, type NormalizeOptions } from './normalize.js';
export { isRemoteContext, isRemoteFile, resolveRelativePaths, type ResolvePathsOptions } from './resolve-paths.js';
export {
  resolveServiceEnvironment,
  type EnvFileContents,
  type EnvFileEntrySource,
  type EnvFileReadContext,
  type EnvironmentValue,
  type ServiceEnvironmentInputs,
  type ServiceEnvironmentSource,
} from './environment.js';
export type { Lookup } from './bare-keys.js';
