/**
 * The reliability suites draw every random choice from one seeded generator, so that a
 * failure can be replayed exactly: each suite prints its seed, and `RELIABILITY_SEED=<n>`
 * runs it again with the same one.
 */

/** A seeded generator: mulberry32 (32-bit state, plenty for choosing test inputs). */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from nothing");
    return items[this.int(0, items.length - 1)]!;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}

/** The seed from RELIABILITY_SEED, or a new one; printed either way so the run can be repeated. */
export function seededRandom(suite: string): Random {
  const fromEnv = process.env.RELIABILITY_SEED;
  const seed =
    fromEnv !== undefined && fromEnv !== "" ? Number(fromEnv) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
  console.log(`[${suite}] seed ${seed} (repeat with RELIABILITY_SEED=${seed})`);
  return new Random(seed);
}
