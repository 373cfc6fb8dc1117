export type * from './engine.js';
export { EngineError, isEngineError, type EngineErrorKind } from './errors.js';
