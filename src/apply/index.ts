/**
 * apply: carries out a plan on an engine, waits for dependency conditions
 * and for `up --wait`, and makes sure the project's images are there.
 */
export { observe } from './observe.js';
export { applyPlan, type ApplyOptions, type ApplyResult } from './execute.js';
export { ApplyError } from './errors.js';
export type { ApplyEvent, ResourceKind, StepAction } from './events.js';
export { waitForServices, type ServiceWait, type ServiceWaitCondition, type WaitOptions } from './wait.js';
export { ensureImages, buildImages, type EnsureImagesOptions, type BuildImagesOptions, type ImageProgressOptions } from './images.js';
export type { BuildSettings } from './build-spec.js';
export type { PullOption, BuildOption } from './image-policy.js';
export { createLimiter, type Limiter } from './limiter.js';
export { runHooks, runHook, type HookTarget } from './hooks.js';
export { copyFilesIn } from './container-files.js';
