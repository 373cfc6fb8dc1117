/**
 * berth's programmatic API.
 */
export * from './model/index.js';
export { BerthError, type BerthErrorCode, type SourceLocation } from './errors.js';
