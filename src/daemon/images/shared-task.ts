/**
 * One operation shared by several callers (two pulls of the same image at
 * once download it once). Each caller may give up with its own signal; the
 * operation itself is cancelled only when every caller has given up.
 * Progress reaches every caller still waiting.
 */
import { abortError } from './errors.js';

export class SharedTask<T, P> {
  private readonly controller = new AbortController();
  private readonly listeners = new Set<(progress: P) => void>();
  private waiting = 0;
  readonly promise: Promise<T>;

  constructor(run: (signal: AbortSignal, report: (progress: P) => void) => Promise<T>) {
    // Started on the next tick, so the first caller has joined (and hears the first progress) before it runs.
    this.promise = Promise.resolve().then(() =>
      run(this.controller.signal, (progress) => {
        for (const listener of this.listeners) listener(progress);
      }),
    );
    // Callers see the outcome through join(); this keeps an unjoined failure from being unhandled.
    this.promise.catch(() => undefined);
  }

  /** True once every caller gave up: a new caller must start a new task instead of joining this one. */
  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  join(what: string, signal?: AbortSignal, onProgress?: (progress: P) => void): Promise<T> {
    this.waiting++;
    if (onProgress !== undefined) this.listeners.add(onProgress);
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        signal?.removeEventListener('abort', onAbort);
        if (onProgress !== undefined) this.listeners.delete(onProgress);
        this.waiting--;
      };
      const onAbort = (): void => {
        leave();
        if (this.waiting === 0) this.controller.abort(signal?.reason);
        reject(abortError(signal as AbortSignal, what));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.promise.then(
        (value) => {
          if (left) return;
          leave();
          resolve(value);
        },
        (error: unknown) => {
          if (left) return;
          leave();
          reject(error);
        },
      );
    });
  }
}

/** Runs `work` over `items` with at most `limit` at once; the first failure is thrown after the running ones settle. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
