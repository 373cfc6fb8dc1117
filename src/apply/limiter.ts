/**
 * A counting semaphore: at most `limit` tasks run at once (Compose's
 * `--parallel` / `COMPOSE_PARALLEL_LIMIT`); no limit when undefined.
 */
import { BerthError } from '../errors.js';

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(limit: number | undefined): Limiter {
  if (limit === undefined || limit === Number.POSITIVE_INFINITY) return (task) => task();
  if (!Number.isInteger(limit) || limit < 1) {
    throw new BerthError('invalid_argument', `the parallel limit must be a whole number of at least 1, not ${limit}; pass --parallel 1 or more (or leave it out for no limit)`);
  }
  let running = 0;
  const queue: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a caller
  // arriving in between cannot take it too.
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
