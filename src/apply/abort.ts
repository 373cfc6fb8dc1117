/**
 * Cancellation helpers: every wait in apply races the caller's signal, so an
 * abort returns control at once even when the engine call it abandons is
 * still in flight (its late result is ignored, never left unhandled).
 */
import { BerthError } from '../errors.js';

export function cancelledError(what: string): BerthError {
  return new BerthError('cancelled', `${what} was cancelled`);
}

/** Resolves or rejects as `promise` does, or rejects with `cancelled` as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(cancelledError(what));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledError(what));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A controller that aborts when any of `parents` does; `dispose` detaches it from them. */
export function linkedController(...parents: readonly (AbortSignal | undefined)[]): AbortController & Disposable {
  const controller = new AbortController();
  const listeners: (() => void)[] = [];
  for (const parent of parents) {
    if (parent === undefined) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      continue;
    }
    const listener = (): void => controller.abort(parent.reason);
    parent.addEventListener('abort', listener, { once: true });
    listeners.push(() => parent.removeEventListener('abort', listener));
  }
  return Object.assign(controller, {
    [Symbol.dispose]: () => {
      for (const remove of listeners) remove();
    },
  });
}

/** Rejects with `error()` after `timeoutMs`, or never when no timeout is set; cleared by the signal. */
export function timeoutPromise(timeoutMs: number | undefined, signal: AbortSignal, error: () => Error): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (timeoutMs === undefined || signal.aborted) return;
    const timer = setTimeout(() => reject(error()), timeoutMs);
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  });
}
