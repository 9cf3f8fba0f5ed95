/**
 * Deterministic seeded pseudo-random numbers for synthetic data and reproducible draws.
 *
 * The seed string is hashed with cyrb128 into four 32-bit words that seed sfc32 (Chris
 * Doty-Humphrey's Small Fast Counting generator, as popularised by PractRand). Both use
 * only 32-bit integer arithmetic (`Math.imul`, `>>>`, `|0`), so the same seed gives the
 * same sequence on every machine and JavaScript engine.
 *
 * Not cryptographically secure: never use it for tokens, keys or anything an attacker
 * must not predict.
 */

export type Rng = {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  uint32(): number;
  /** Uniform integer in [min, maxInclusive]. */
  int(min: number, maxInclusive: number): number;
  /** A uniformly chosen element; throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** An element chosen with probability proportional to its (non-negative) weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** An independent generator derived from this one's seed and a label. */
  fork(label: string): Rng;
};

/** cyrb128: a fast 128-bit non-cryptographic string hash, returned as four uint32 words. */
export function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Creates a generator whose whole sequence is determined by `seed`. */
export function createRng(seed: string): Rng {
  let [a, b, c, d] = cyrb128(seed);

  const uint32 = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs so that similar seeds diverge fully.
  for (let i = 0; i < 15; i++) uint32();

  const next = (): number => uint32() / 4294967296;

  const int = (min: number, maxInclusive: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(maxInclusive) || maxInclusive < min) {
      throw new RangeError(`Invalid integer range [${min}, ${maxInclusive}]`);
    }
    const span = maxInclusive - min + 1;
    if (span <= 4294967296) return min + Math.floor(next() * span);
    // Wide ranges: combine two draws into a 53-bit float.
    const f = (uint32() * 2097152 + (uint32() >>> 11)) / 9007199254740992;
    return min + Math.floor(f * span);
  };

  const rng: Rng = {
    next,
    uint32,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, w] of items) {
        if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Invalid weight ${w}`);
        total += w;
      }
      if (items.length === 0 || total <= 0) throw new RangeError('weighted() needs a positive total weight');
      let r = next() * total;
      for (const [item, w] of items) {
        if (r < w) return item;
        r -= w;
      }
      // Floating-point rounding: fall back to the last item with a positive weight.
      for (let i = items.length - 1; i >= 0; i--) if (items[i]![1] > 0) return items[i]![0];
      return items[items.length - 1]![0];
    },
    chance(p: number): boolean {
      return next() < p;
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i]!;
        items[i] = items[j]!;
        items[j] = tmp;
      }
      return items;
    },
    fork(label: string): Rng {
      return createRng(`${seed}\u0000${label}`);
    },
  };
  return rng;
}

/**
 * A fast table for repeated weighted draws: precomputes cumulative weights once and
 * picks by binary search.
 */
export function weightedTable<T>(items: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, w] of items) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Invalid weight ${w}`);
    if (w === 0) continue;
    total += w;
    values.push(item);
    cumulative.push(total);
  }
  if (values.length === 0) throw new RangeError('weightedTable() needs a positive total weight');
  return (rng: Rng): T => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}
