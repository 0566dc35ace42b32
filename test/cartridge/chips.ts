// Helpers shared by the RIOT and cartridge tests: ROM loading into the chip
// harness, scheme lookup by name and a reference MT19937.
import { loadWasm, wasmString, type Exports } from "../cpu/wasm.ts";

export { loadWasm, wasmString };

/** Copies `rom` into the harness's ROM buffer. */
export function putRom(w: Exports, rom: Uint8Array): void {
  const pointer = w.chipTestRomBuffer(rom.length);
  new Uint8Array(w.memory.buffer, pointer, rom.length).set(rom);
}

/** Returns the index of `scheme` in the harness's supported list. */
export function schemeIndex(w: Exports, scheme: string): number {
  const count = w.chipTestSchemeCount();
  for (let i = 0; i < count; i++) {
    if (wasmString(w, w.chipTestSchemeName(i)) === scheme) return i;
  }
  throw new Error(`scheme ${scheme} is not in the supported list`);
}

/** Builds chips around `rom` with `scheme`; throws with the validation error. */
export function createChips(w: Exports, rom: Uint8Array, scheme: string): number {
  putRom(w, rom);
  const index = schemeIndex(w, scheme);
  const handle = w.chipTestCreate(index);
  if (handle < 0) throw new Error(wasmString(w, w.chipTestValidate(index)));
  return handle;
}

/**
 * Builds a ROM of `size` bytes whose byte at image offset i is
 * (i >> bankShift) * 16 + (i & 15), so a read tells bank and offset apart.
 */
export function markedRom(size: number, bankShift: number): Uint8Array {
  const rom = new Uint8Array(size);
  for (let i = 0; i < size; i++) rom[i] = (((i >> bankShift) * 16) + (i & 15)) & 0xff;
  return rom;
}

/** Reference MT19937 (32-bit), as std::mt19937. */
export class Mt19937 {
  private state = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.state[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const previous = this.state[i - 1] ^ (this.state[i - 1] >>> 30);
      this.state[i] = (Math.imul(1812433253, previous) + i) >>> 0;
    }
  }

  next(): number {
    if (this.index >= 624) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const s = this.state;
    for (let i = 0; i < 624; i++) {
      const y = (s[i] & 0x80000000) | (s[(i + 1) % 624] & 0x7fffffff);
      let next = s[(i + 397) % 624] ^ (y >>> 1);
      if (y & 1) next ^= 0x9908b0df;
      s[i] = next >>> 0;
    }
    this.index = 0;
  }
}

/** ALE's system_random_seed. */
export const ALE_SYSTEM_SEED = 4753849;
