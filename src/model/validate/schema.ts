/**
 * Checks one Compose file, after interpolation, against berth's Compose JSON
 * Schema (schemas/compose-schema-source.mjs). The validator is compiled ahead
 * of time by scripts/compile-schema.mjs, so importing this module compiles
 * nothing.
 */
import { BerthError } from '../../errors.js';
import type { Dict, Locate } from '../tree.js';
import validateCompose from './compose-schema.generated.js';
import { describeProblem } from './schema-message.js';
import { collectProblems, problemAnchor } from './schema-problems.js';
import type { SchemaProblem } from './schema-problems.js';

export interface ValidateSchemaOptions {
  /** Finds where a value was written, for the error's location. */
  readonly locate: Locate;
  /** The file the model was read from, named when a location is unknown. */
  readonly file: string;
}

/**
 * Throws `BerthError('invalid_schema')` for the first problem in document
 * order, saying how many more there are; returns when the model is valid.
 */
export function validateSchema(model: Dict, options: ValidateSchemaOptions): void {
  const problems = findSchemaProblems(model);
  const [first] = problems;
  if (first === undefined) return;
  const location = options.locate(problemAnchor(first));
  const more = problems.length - 1;
  const rest = more === 0 ? '' : ` (${more} more schema ${more === 1 ? 'error' : 'errors'} in this file)`;
  const text = `${describeProblem(first, model)}${rest}`;
  throw new BerthError('invalid_schema', location ? text : `${options.file}: ${text}`, { location });
}

/** Every independent problem with the model, in document order; empty when it is valid. */
export function findSchemaProblems(model: Dict): SchemaProblem[] {
  if (validateCompose(model)) return [];
  const errors = validateCompose.errors ?? [];
  const problems = collectProblems(errors, model);
  if (problems.length > 0) return problems;
  // Cannot happen with berth's schema; kept so a failed check is never silent.
  return [{ kind: 'other', path: [], message: 'does not match the Compose schema' }];
}
