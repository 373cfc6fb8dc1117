/**
 * The one error base class of berth. Every failure a user can see is a
 * BerthError with a literal `code`; the CLI boundary maps codes to exit codes.
 * Messages say what went wrong, where (file:line:column, service, container)
 * and what to do; the original failure stays in `cause`.
 */

/** A place in a source file; lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type BerthErrorCode =
  | 'invalid_yaml'
  | 'invalid_schema'
  | 'invalid_interpolation'
  | 'missing_variable'
  | 'invalid_env_file'
  | 'invalid_project'
  | 'invalid_project_name'
  | 'file_not_found'
  | 'cycle'
  | 'invalid_argument'
  | 'engine'
  | 'locked'
  | 'dependency_failed'
  | 'container_exit'
  | 'cancelled';

export class BerthError extends Error {
  override readonly name = 'BerthError';
  readonly code: BerthErrorCode;
  readonly location: SourceLocation | undefined;

  constructor(
    code: BerthErrorCode,
    message: string,
    options: { location?: SourceLocation | undefined; cause?: unknown } = {},
  ) {
    super(options.location ? `${formatLocation(options.location)}: ${message}` : message, {
      cause: options.cause,
    });
    this.code = code;
    this.location = options.location;
  }
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
