/**
 * The planner: pure functions from a Project and what exists on the engine
 * to a Plan of steps with reasons, and the naming, labelling and hashing
 * rules it shares with apply and the commands.
 */
export type { ContainerFile, ContainerHook, ContainerRef, Operation, Plan, PlanStep, SpecReference, StartCondition } from './plan.js';
export type { ObservedState } from './observed-state.js';
export { reconcile, type ReconcileOptions, type RecreatePolicy } from './reconcile.js';
export { planDown, downInputFromProject, downInputFromLabels, type DownInput, type DownOptions, type DownResource, type DownService } from './down.js';
export { renderPlanText, renderPlanJson, describeOperation, type PlanJson, type PlanAction, type PlanResource } from './render-plan.js';
export {
  containerSpecFor,
  buildContainerSpec,
  networksByPriority,
  withConfigHash,
  type BuiltContainerSpec,
  type ContainerSpecContext,
  type OneOffOptions,
  type ProjectSource,
} from './container-spec.js';
export { startExtras, stopExtras, injectedFiles, serviceHooks, type LifecycleContext, type StartExtras } from './service-lifecycle.js';
export { resolveSpecReferences } from './spec-references.js';
export { networkSpecFor, volumeSpecFor } from './resource-specs.js';
export { resourceNamesToLookUp } from './reconcile-resources.js';
export { configHash, networkConfigHash, volumeConfigHash } from './hash.js';
export { canonicalJson } from './canonical-json.js';
export { classifyContainers, isOneOff, type ClassifiedContainers } from './observed-containers.js';
export { dependencyOrder, graphOf, withDependencies, withDependents, type DependencyGraph } from './dependency-order.js';
export * from './labels.js';
export * from './names.js';
export { PlanBuilder } from './plan-builder.js';
