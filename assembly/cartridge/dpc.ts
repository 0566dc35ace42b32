// Activision's DPC chip (Pitfall II): 8 KB of program ROM in two F8-style
// banks ($1FF8 selects bank 0, $1FF9 bank 1, bank 1 after a reset), 2 KB of
// display ROM read through eight data fetchers, an 8-bit random number
// generator and three music fetchers.
//
// Registers ($1000-$107F, index = address & 7, function = (address >> 3) & 7):
//   read  $00-$07  random number (fetchers 0-3) or music amplitude (4-7)
//         $08-$0F  display byte of fetcher n, $10-$17 the same ANDed with its
//         flag, $38-$3F the flag
//   write $40-$47  top, $48-$4F bottom, $50-$57 counter low byte,
//         $58-$5F counter high bits (bit 4 turns on music mode for 5-7),
//         $70-$77  reset the random number generator
// A fetcher's flag turns on when its counter's low byte equals its top and
// off when it equals its bottom; each display read decrements the counter.
// Music fetchers count down at 20 kHz of the 1.19 MHz CPU clock instead.
//
// Stella 2.4.2 clocks the random number generator on every register access,
// on every read of $1FC0-$1FFF and on every write anywhere in the window,
// because only those accesses reach its DPC code; this class does the same.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

const PROGRAM_BANK_SIZE: i32 = 0x1000;
const DISPLAY_OFFSET: i32 = 0x2000;
const DISPLAY_LAST: i32 = 0x7ff;
const REGISTER_LIMIT: u32 = 0x80;
const WRITE_REGISTERS: u32 = 0x40;
const HOTSPOT_PAGE: u32 = 0xfc0;
const FIRST_HOTSPOT: u32 = 0xff8;
const FETCHER_COUNT: i32 = 8;
const FIRST_MUSIC_FETCHER: i32 = 5;
const CPU_CLOCK_HZ: f64 = 1193191.66666667;
const MUSIC_CLOCK_HZ: f64 = 20000.0;

// Amplitude for each combination of the three music fetchers' flags.
const MUSIC_AMPLITUDES: StaticArray<u8> = [
  0x00, 0x04, 0x05, 0x09, 0x06, 0x0a, 0x0b, 0x0f,
];

export class CartridgeDPC extends Cartridge {
  tops: StaticArray<u8> = new StaticArray<u8>(FETCHER_COUNT);
  bottoms: StaticArray<u8> = new StaticArray<u8>(FETCHER_COUNT);
  counters: StaticArray<u16> = new StaticArray<u16>(FETCHER_COUNT);
  flags: StaticArray<u8> = new StaticArray<u8>(FETCHER_COUNT);
  musicMode: StaticArray<bool> = new StaticArray<bool>(3);
  randomNumber: u32 = 1;
  /** Low 32 bits of Bus.cycles when the music fetchers were last updated. */
  musicCycle: u32 = 0;
  fractionalClocks: f64 = 0;

  constructor(bus: Bus, random: Mt19937, rom: Uint8Array) {
    super(bus, random, rom, 0);
    this.trap(0x000, 0x80);
    this.trap(0xf80, 0x80);
  }

  get scheme(): string {
    return "DPC";
  }

  read(address: u32): u32 {
    const offset = this.windowOffset(address);
    if (offset < REGISTER_LIMIT) {
      this.clockRandom();
      if (offset < WRITE_REGISTERS) return this.readRegister(offset);
      return this.readMapped(address);
    }
    if (offset >= HOTSPOT_PAGE) {
      this.clockRandom();
      this.switchOnHotspot(offset);
    }
    return this.readMapped(address);
  }

  write(address: u32, value: u32): void {
    const offset = this.windowOffset(address);
    this.clockRandom();
    if (offset >= WRITE_REGISTERS && offset < REGISTER_LIMIT) {
      this.writeRegister(offset, value);
    } else {
      this.switchOnHotspot(offset);
    }
  }

  reset(): void {
    super.reset();
    this.musicCycle = <u32>this.bus.cycles;
    this.fractionalClocks = 0;
  }

  protected resetBanks(): void {
    this.banks[0] = 1;
  }

  protected wrapBanks(): void {
    this.banks[0] = this.banks[0] & 1;
  }

  protected remap(): void {
    this.map(0, 0x1000, this.banks[0] * PROGRAM_BANK_SIZE);
  }

  protected get extraStateSize(): i32 {
    return FETCHER_COUNT * 5 + 3 + 4 + 4 + 8;
  }

  protected saveExtraState(pointer: usize): void {
    let p = pointer;
    for (let i = 0; i < FETCHER_COUNT; i++) {
      store<u8>(p, this.tops[i]);
      store<u8>(p, this.bottoms[i], 1);
      store<u16>(p, this.counters[i], 2);
      store<u8>(p, this.flags[i], 4);
      p += 5;
    }
    for (let i = 0; i < 3; i++) store<u8>(p + i, this.musicMode[i] ? 1 : 0);
    p += 3;
    store<u32>(p, this.randomNumber);
    store<u32>(p, this.musicCycle, 4);
    store<f64>(p, this.fractionalClocks, 8);
  }

  protected loadExtraState(pointer: usize): void {
    let p = pointer;
    for (let i = 0; i < FETCHER_COUNT; i++) {
      this.tops[i] = load<u8>(p);
      this.bottoms[i] = load<u8>(p, 1);
      this.counters[i] = load<u16>(p, 2) & 0x7ff;
      this.flags[i] = load<u8>(p, 4);
      p += 5;
    }
    for (let i = 0; i < 3; i++) this.musicMode[i] = load<u8>(p + i) != 0;
    p += 3;
    this.randomNumber = load<u32>(p);
    this.musicCycle = load<u32>(p, 4);
    this.fractionalClocks = load<f64>(p, 8);
  }

  private switchOnHotspot(offset: u32): void {
    const bank = offset - FIRST_HOTSPOT;
    if (bank < 2) {
      this.banks[0] = <i32>bank;
      this.remap();
    }
  }

  /** Shifts in the inverse of the parity of bits 7, 5, 4 and 3. */
  private clockRandom(): void {
    const r = this.randomNumber;
    const taps = ((r >> 7) ^ (r >> 5) ^ (r >> 4) ^ (r >> 3)) & 1;
    this.randomNumber = ((r << 1) | (taps ^ 1)) & 0xff;
  }

  private readRegister(offset: u32): u32 {
    const index = <i32>(offset & 7);
    const fn = (offset >> 3) & 7;
    const low = <u32>this.counters[index] & 0xff;
    if (low == <u32>this.tops[index]) this.flags[index] = 0xff;
    else if (low == <u32>this.bottoms[index]) this.flags[index] = 0;

    let result: u32 = 0;
    if (fn == 0) {
      result = index < 4 ? this.randomNumber : this.musicAmplitude();
    } else if (fn == 1) {
      result = this.displayByte(index);
    } else if (fn == 2) {
      result = this.displayByte(index) & <u32>this.flags[index];
    } else if (fn == 7) {
      result = this.flags[index];
    }

    const isMusic =
      index >= FIRST_MUSIC_FETCHER &&
      this.musicMode[index - FIRST_MUSIC_FETCHER];
    if (!isMusic) {
      this.counters[index] = <u16>((this.counters[index] - 1) & 0x7ff);
    }
    return result;
  }

  private writeRegister(offset: u32, value: u32): void {
    const index = <i32>(offset & 7);
    const fn = (offset >> 3) & 7;
    const counter = <u32>this.counters[index];
    if (fn == 0) {
      this.tops[index] = <u8>value;
      this.flags[index] = 0;
    } else if (fn == 1) {
      this.bottoms[index] = <u8>value;
    } else if (fn == 2) {
      // A music fetcher in music mode reloads its low byte from its top.
      const isMusic =
        index >= FIRST_MUSIC_FETCHER &&
        this.musicMode[index - FIRST_MUSIC_FETCHER];
      const low = isMusic ? <u32>this.tops[index] : value & 0xff;
      this.counters[index] = <u16>((counter & 0x700) | low);
    } else if (fn == 3) {
      this.counters[index] = <u16>(((value & 7) << 8) | (counter & 0xff));
      if (index >= FIRST_MUSIC_FETCHER) {
        this.musicMode[index - FIRST_MUSIC_FETCHER] = (value & 0x10) != 0;
      }
    } else if (fn == 6) {
      this.randomNumber = 1;
    }
  }

  @inline
  private displayByte(index: i32): u32 {
    const counter = <i32>this.counters[index];
    return this.memory[DISPLAY_OFFSET + DISPLAY_LAST - counter];
  }

  private musicAmplitude(): u32 {
    this.updateMusicFetchers();
    let i = 0;
    for (let n = 0; n < 3; n++) {
      const fetcher = FIRST_MUSIC_FETCHER + n;
      if (this.musicMode[n] && this.flags[fetcher] != 0) i |= 1 << n;
    }
    return MUSIC_AMPLITUDES[i];
  }

  /** Advances the music fetchers by the 20 kHz clocks since the last call. */
  private updateMusicFetchers(): void {
    const now = <u32>this.bus.cycles;
    const cycles = <i32>(now - this.musicCycle);
    this.musicCycle = now;
    const clocks =
      (MUSIC_CLOCK_HZ * <f64>cycles) / CPU_CLOCK_HZ + this.fractionalClocks;
    const whole = <i32>clocks;
    this.fractionalClocks = clocks - <f64>whole;
    if (whole <= 0) return;

    for (let n = 0; n < 3; n++) {
      if (!this.musicMode[n]) continue;
      const fetcher = FIRST_MUSIC_FETCHER + n;
      const top = <i32>this.tops[fetcher];
      let low = <i32>(this.counters[fetcher] & 0xff);
      if (top != 0) {
        low -= whole % (top + 1);
        if (low < 0) low += top + 1;
      } else {
        low = 0;
      }
      if (low <= <i32>this.bottoms[fetcher]) this.flags[fetcher] = 0;
      else if (low <= top) this.flags[fetcher] = 0xff;
      const high = <i32>this.counters[fetcher] & 0x700;
      this.counters[fetcher] = <u16>(high | low);
    }
  }
}
