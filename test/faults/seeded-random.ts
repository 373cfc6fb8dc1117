/**
 * A small deterministic random generator (mulberry32), so a fault test that
 * fails can be run again with the same seed and make the same choices.
 */
export interface SeededRandom {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform whole number in [min, max]. */
  integer(min: number, max: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed: seed >>> 0, next, integer: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/** The seed given (from the environment, to replay a failure) when set, else a fresh one. */
export function seedFrom(value: string | undefined): number {
  if (value !== undefined && value !== '') {
    const seed = Number(value);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`the seed must be a whole number 0..4294967295, got ${value}`);
    return seed;
  }
  return Math.floor(Math.random() * 0x100000000);
}
