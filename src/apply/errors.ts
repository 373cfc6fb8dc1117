/**
 * The error `applyPlan` rejects with: the first failure (or the
 * cancellation), with what had been done by then.
 */
import { BerthError, type BerthErrorCode } from '../errors.js';

export interface ApplyResult {
  /** Create step ID → the ID of the container it created. */
  readonly containerIds: ReadonlyMap<number, string>;
  /** Steps done, in the order they finished. */
  readonly completedSteps: readonly number[];
  /** Things the user should know that did not stop the plan (optional dependencies that failed, resources left in use). */
  readonly warnings: readonly string[];
}

export class ApplyError extends BerthError {
  /** The step that failed; undefined for a cancellation. */
  readonly step: number | undefined;
  /** What was done before the plan stopped. */
  readonly result: ApplyResult;

  constructor(code: BerthErrorCode, message: string, options: { step: number | undefined; result: ApplyResult; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.step = options.step;
    this.result = options.result;
  }
}
