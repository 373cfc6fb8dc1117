/**
 * The image store's one error type. `kind` says which HTTP status the API
 * layer answers with (404, 409, 400, 500, 401); the message names the image,
 * registry or file that failed.
 */
import { BerthError } from '../../errors.js';

export type ImageErrorKind = 'not_found' | 'conflict' | 'invalid' | 'unavailable' | 'unauthorized';

export class ImageError extends BerthError {
  readonly kind: ImageErrorKind;

  constructor(kind: ImageErrorKind, message: string, options: { cause?: unknown } = {}) {
    super('engine', message, options);
    this.kind = kind;
  }
}

/** The error an aborted operation ends with: the abort reason when it is already an ImageError. */
export function abortError(signal: AbortSignal, what: string): ImageError {
  const reason: unknown = signal.reason;
  if (reason instanceof ImageError) return reason;
  return new ImageError('unavailable', `${what} was cancelled`, { cause: reason });
}
