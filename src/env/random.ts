/**
 * A seeded 32-bit generator (xoshiro128**, state filled by splitmix32).
 * Every random draw of the environments (no-op counts, sampled actions)
 * comes from one of these, so a seed fixes a whole run.
 */
export class Random {
  private readonly s = new Uint32Array(4);

  constructor(seed: number) {
    this.seed(seed);
  }

  /** Restarts the sequence from `seed` (any finite number; only its low 32 bits and sign matter). */
  seed(seed: number): void {
    if (!Number.isFinite(seed)) {
      throw new Error(`invalid seed ${seed}: expected a finite number`);
    }
    let x = (Math.trunc(seed) >>> 0) ^ (seed < 0 ? 0x5bd1e995 : 0);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      this.s[i] = z ^ (z >>> 15);
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Draws the next uint32. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Draws a uniform integer in [low, high) (high - low at most 2^32). */
  integer(low: number, high: number): number {
    const span = high - low;
    if (!(span >= 1) || !Number.isInteger(span)) {
      throw new Error(`invalid range [${low}, ${high}): expected integers with high > low`);
    }
    return low + Math.floor((this.nextU32() / 4294967296) * span);
  }

  /** Draws a uniform float in [0, 1). */
  float(): number {
    return this.nextU32() / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
