export { mergeModels, mergeResource, mergeServices } from './merge.js';
export type { MergeOptions, ResourceSection, ServiceMergeMode, ServiceMergeOptions } from './merge.js';
export { enforceUnicity } from './unicity.js';
export { mergeRules, ruleFor } from './merge-rules.js';
export type { MergeRule, MergeStrategy, UnicityKey } from './merge-rules.js';
export { unicityKeyOf } from './unicity-keys.js';
