// Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998), 32-bit output.
// ALE seeds one with its system_random_seed and draws from it for the
// console's power-on state: RIOT RAM, the RIOT timer at each reset and the
// extra RAM of some cartridges. Its output must equal std::mt19937's.

const STATE_SIZE: i32 = 624;
const SHIFT_SIZE: i32 = 397;
const MATRIX_A: u32 = 0x9908b0df;
const UPPER_MASK: u32 = 0x80000000;
const LOWER_MASK: u32 = 0x7fffffff;

export class Mt19937 {
  state: StaticArray<u32> = new StaticArray<u32>(STATE_SIZE);
  index: i32 = STATE_SIZE;

  constructor(seed: u32) {
    this.seed(seed);
  }

  seed(seed: u32): void {
    const state = this.state;
    state[0] = seed;
    for (let i = 1; i < STATE_SIZE; i++) {
      const previous = state[i - 1];
      state[i] = 1812433253 * (previous ^ (previous >> 30)) + <u32>i;
    }
    this.index = STATE_SIZE;
  }

  next(): u32 {
    if (this.index >= STATE_SIZE) this.twist();
    let y = this.state[this.index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >> 18;
    return y;
  }

  copyFrom(other: Mt19937): void {
    memory.copy(
      changetype<usize>(this.state),
      changetype<usize>(other.state),
      <usize>STATE_SIZE << 2,
    );
    this.index = other.index;
  }

  private twist(): void {
    const state = this.state;
    for (let i = 0; i < STATE_SIZE; i++) {
      const y =
        (state[i] & UPPER_MASK) | (state[(i + 1) % STATE_SIZE] & LOWER_MASK);
      let next = state[(i + SHIFT_SIZE) % STATE_SIZE] ^ (y >> 1);
      if (y & 1) next ^= MATRIX_A;
      state[i] = next;
    }
    this.index = 0;
  }
}
