/**
 * The two ways a `${…}` template can fail. `substitute` throws them without a
 * location because it only sees a string; whoever knows where the string was
 * written (the tree walker, the .env parser) re-throws them with `at(…)`.
 */
import { BerthError } from '../../errors.js';
import type { SourceLocation } from '../../errors.js';

/** Where a failing template was written: a model path or key, and its place in a file. */
export interface TemplatePlace {
  /** `services.web.image`, or an env file key. */
  readonly context: string;
  readonly location?: SourceLocation | undefined;
}

/** `${NAME:?reason}` or `${NAME?reason}` met a variable without a (non-empty) value. */
export class MissingVariableError extends BerthError {
  readonly variable: string;
  /** The text after `?`, itself already interpolated; empty when none was written. */
  readonly reason: string;

  constructor(
    variable: string,
    reason: string,
    options: { place?: TemplatePlace | undefined; cause?: unknown } = {},
  ) {
    const what =
      reason === ''
        ? `required variable ${variable} is missing a value`
        : `required variable ${variable} is missing a value: ${reason}`;
    const message = options.place ? `error while interpolating ${options.place.context}: ${what}` : what;
    super('missing_variable', message, { location: options.place?.location, cause: options.cause });
    this.variable = variable;
    this.reason = reason;
  }

  at(place: TemplatePlace): MissingVariableError {
    return new MissingVariableError(this.variable, this.reason, { place, cause: this });
  }
}

/** A `$` starts something that is neither `$$`, `$NAME` nor a supported `${…}` form. */
export class InvalidTemplateError extends BerthError {
  /** The (innermost) template text that could not be read. */
  readonly template: string;

  constructor(template: string, options: { place?: TemplatePlace | undefined; cause?: unknown } = {}) {
    const target = options.place ? ` for ${options.place.context}` : '';
    super(
      'invalid_interpolation',
      `invalid interpolation format${target}: ${JSON.stringify(template)}; You may need to escape any $ with another $.`,
      { location: options.place?.location, cause: options.cause },
    );
    this.template = template;
  }

  at(place: TemplatePlace): InvalidTemplateError {
    return new InvalidTemplateError(this.template, { place, cause: this });
  }
}
