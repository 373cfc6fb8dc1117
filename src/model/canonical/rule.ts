import type { RuleContext } from './rule-context.js';

/**
 * Turns the value at one path into its canonical form. Rules are pure, return
 * new containers instead of changing the ones they get, and are idempotent:
 * a canonical value passes through unchanged. The walker canonicalizes the
 * children of a rule's result afterwards, so a rule only handles its own level.
 */
export type Rule = (value: unknown, context: RuleContext) => unknown;

/** Returned by a rule to drop the attribute (e.g. `command: null`). */
export const REMOVE: unique symbol = Symbol('remove attribute');
