// The Mersenne Twister MT19937 with numpy's legacy `RandomState(seed)`
// seeding, so episode shuffles reproduce numpy's for the same seed.

const N = 624;
const M = 397;

export class Mt19937 {
  private readonly state = new Uint32Array(N);
  private position = N;

  /** Seeds like `numpy.random.RandomState(seed)` with an integer seed in [0, 2^32). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`invalid seed ${seed}: numpy's RandomState takes an integer in [0, 2^32)`);
    }
    this.state[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const previous = this.state[i - 1] ^ (this.state[i - 1] >>> 30);
      this.state[i] = (Math.imul(1812433253, previous) + i) >>> 0;
    }
  }

  /** Draws the next 32-bit output. */
  nextU32(): number {
    if (this.position >= N) this.twist();
    let y = this.state[this.position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * Draws a uniform integer in [0, max] by masked rejection, as numpy's legacy
   * `random_interval` draws it (max below 2^32).
   */
  boundedInterval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    for (let shift = 1; shift <= 16; shift *= 2) mask |= mask >>> shift;
    let value: number;
    do value = (this.nextU32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  private twist(): void {
    const s = this.state;
    for (let i = 0; i < N; i++) {
      const y = (s[i] & 0x80000000) | (s[(i + 1) % N] & 0x7fffffff);
      s[i] = s[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.position = 0;
  }
}
