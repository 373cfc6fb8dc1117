// Types for the validator that scripts/compile-schema.mjs generates beside
// this file (compose-schema.generated.js, not committed: `npm run build`
// writes it).
import type { ErrorObject } from 'ajv';

/** Ajv's standalone validator for one Compose file; `errors` is set after a failed call. */
export interface ComposeSchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const validate: ComposeSchemaValidator;
export default validate;
