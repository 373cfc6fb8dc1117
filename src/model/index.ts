/**
 * The Compose loader: compose files in, an immutable canonical `Project` out.
 */
export * from './load/index.js';
export type * from './project.js';
export { renderProject, type RenderFormat, type RenderOptions } from './render.js';
export { serviceConfigHash } from './hash.js';
