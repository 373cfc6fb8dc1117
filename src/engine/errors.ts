/**
 * Engine failures every implementation reports the same way, so the layers
 * above can decide without knowing which engine they talk to.
 */
import { BerthError } from '../errors.js';

export type EngineErrorKind =
  /** The object (image, container, network, volume) does not exist. */
  | 'not_found'
  /** The name is taken, or the object is in a state that forbids the call. */
  | 'conflict'
  /** The engine refused the request as malformed. */
  | 'invalid'
  /** The engine cannot do this at all (an endpoint or option it does not implement). */
  | 'unsupported'
  /** The engine cannot be reached or is not ready. */
  | 'unavailable';

export class EngineError extends BerthError {
  readonly kind: EngineErrorKind;

  constructor(kind: EngineErrorKind, message: string, options: { cause?: unknown } = {}) {
    super('engine', message, options);
    this.kind = kind;
  }
}

export function isEngineError(error: unknown, kind?: EngineErrorKind): error is EngineError {
  return error instanceof EngineError && (kind === undefined || error.kind === kind);
}
