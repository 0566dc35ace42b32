// Cartridge base class. A cartridge owns `memory` (the ROM image followed by
// any extra RAM) and maps the 4 KB cartridge window $1000-$1FFF onto it in
// 128-byte slices. The bus reads a slice straight from memory when
// `readPointer` has a non-zero entry for it (the address of the slice's
// first byte); slices with hotspots or registers are 0, and the bus calls
// `read()` for them. Every write in the window goes through `write()`.

import { Bus } from "../bus";
import { Mt19937 } from "../random";

export const SLICE_SHIFT: u32 = 7;
export const SLICE_SIZE: u32 = 1 << SLICE_SHIFT;
export const SLICE_COUNT: i32 = 32;
const WINDOW_MASK: u32 = 0x0fff;

/** Bank registers saved with the state; schemes use as many as they need. */
export const BANK_REGISTER_COUNT: i32 = 8;

export class Cartridge {
  bus: Bus;
  random: Mt19937;
  /** ROM image, then `ramSize` bytes of extra RAM. */
  memory: StaticArray<u8>;
  romSize: i32;
  ramSize: i32;
  /**
   * Linear-memory address of each 128-byte slice's bytes, or 0 when reads
   * must call read(). `memory` never moves, so the addresses stay valid.
   */
  readPointer: StaticArray<usize> = new StaticArray<usize>(SLICE_COUNT);
  /** Offset into `memory` of each slice, trapped or not (-1: unmapped). */
  sliceOffset: StaticArray<i32> = new StaticArray<i32>(SLICE_COUNT);
  /** Slices whose reads must reach read() (hotspots, registers). */
  trapped: StaticArray<bool> = new StaticArray<bool>(SLICE_COUNT);
  /** Bank-switching state, saved and restored by saveState/loadState. */
  banks: StaticArray<i32> = new StaticArray<i32>(BANK_REGISTER_COUNT);
  /** Set when the bus must report TIA accesses (bank switching by TIA writes). */
  snoopsChipAccesses: bool = false;

  constructor(bus: Bus, random: Mt19937, rom: Uint8Array, ramSize: i32) {
    this.bus = bus;
    this.random = random;
    this.romSize = rom.length;
    this.ramSize = ramSize;
    this.memory = new StaticArray<u8>(rom.length + ramSize);
    memory.copy(changetype<usize>(this.memory), rom.dataStart, rom.length);
    for (let i = 0; i < SLICE_COUNT; i++) this.sliceOffset[i] = -1;
  }

  /** The scheme name as ALE reports it ("F8", "F6SC", "E0", ...). */
  get scheme(): string {
    return "";
  }

  /**
   * Resets the cartridge: fills extra RAM from the random generator (the
   * low byte of one draw per byte) and selects the power-on banks.
   */
  reset(): void {
    this.initializeRam();
    this.resetBanks();
    this.remap();
  }

  /** Reads an address in the window whose slice is trapped or unmapped. */
  read(address: u32): u32 {
    return this.readMapped(address);
  }

  /** Handles a write in the window; the base class ignores it. */
  write(address: u32, value: u32): void {}

  /** Sees a read of a TIA address (when snoopsChipAccesses is set). */
  snoopRead(address: u32): void {}

  /** Sees a write to a TIA address (when snoopsChipAccesses is set). */
  snoopWrite(address: u32, value: u32): void {}

  /** Bytes written by saveState. */
  get stateSize(): i32 {
    return BANK_REGISTER_COUNT * 4 + this.ramSize + this.extraStateSize;
  }

  /** Writes banks, RAM and scheme state to `stateSize` bytes at `pointer`. */
  saveState(pointer: usize): void {
    for (let i = 0; i < BANK_REGISTER_COUNT; i++) {
      store<i32>(pointer + (<usize>i << 2), this.banks[i]);
    }
    const ram = pointer + BANK_REGISTER_COUNT * 4;
    this.copyRam(ram, true);
    this.saveExtraState(ram + this.ramSize);
  }

  /**
   * Reads state written by saveState of a cartridge of the same ROM. Bank
   * numbers out of range (a corrupt state) are wrapped into range, so no
   * state can make an access leave the cartridge's memory.
   */
  loadState(pointer: usize): void {
    for (let i = 0; i < BANK_REGISTER_COUNT; i++) {
      this.banks[i] = load<i32>(pointer + (<usize>i << 2));
    }
    const ram = pointer + BANK_REGISTER_COUNT * 4;
    this.copyRam(ram, false);
    this.loadExtraState(ram + this.ramSize);
    this.wrapBanks();
    this.remap();
  }

  // ---- for subclasses --------------------------------------------------------

  /** Sets the power-on values of `banks`. */
  protected resetBanks(): void {}

  /** Brings every entry of `banks` into the scheme's range. */
  protected wrapBanks(): void {}

  /** Returns `bank` modulo `count` as a non-negative number. */
  @inline
  protected wrap(bank: i32, count: i32): i32 {
    return <i32>(<u32>bank % <u32>count);
  }

  /** Rebuilds the slice mapping from `banks`. */
  protected remap(): void {}

  protected get extraStateSize(): i32 {
    return 0;
  }

  protected saveExtraState(pointer: usize): void {}

  protected loadExtraState(pointer: usize): void {}

  /** Maps `length` bytes of the window at `windowOffset` to `memoryOffset`. */
  protected map(windowOffset: u32, length: u32, memoryOffset: i32): void {
    const first = <i32>(windowOffset >> SLICE_SHIFT);
    const count = <i32>(length >> SLICE_SHIFT);
    const base = changetype<usize>(this.memory);
    const limit = this.memory.length - <i32>SLICE_SIZE;
    for (let i = 0; i < count; i++) {
      let offset = memoryOffset + i * <i32>SLICE_SIZE;
      if (offset < 0 || offset > limit) offset = -1;
      this.sliceOffset[first + i] = offset;
      const direct = offset >= 0 && !this.trapped[first + i];
      this.readPointer[first + i] = direct ? base + <usize>offset : 0;
    }
  }

  /** Sends reads of `length` bytes at `windowOffset` through read(). */
  protected trap(windowOffset: u32, length: u32): void {
    const first = <i32>(windowOffset >> SLICE_SHIFT);
    const count = <i32>(length >> SLICE_SHIFT);
    for (let i = 0; i < count; i++) {
      this.trapped[first + i] = true;
      this.readPointer[first + i] = 0;
    }
  }

  /** Reads through the slice mapping; unmapped slices read 0. */
  @inline
  protected readMapped(address: u32): u32 {
    const offset = this.sliceOffset[(address >> SLICE_SHIFT) & 31];
    if (offset < 0) return 0;
    return this.memory[offset + <i32>(address & (SLICE_SIZE - 1))];
  }

  @inline
  protected windowOffset(address: u32): u32 {
    return address & WINDOW_MASK;
  }

  protected writeRam(ramOffset: i32, value: u32): void {
    this.memory[this.romSize + ramOffset] = <u8>value;
  }

  /** Fills the extra RAM with the low byte of one random draw per byte. */
  protected initializeRam(): void {
    const start = this.romSize;
    for (let i = 0; i < this.ramSize; i++) {
      this.memory[start + i] = <u8>this.random.next();
    }
  }

  private copyRam(pointer: usize, save: bool): void {
    const ram = changetype<usize>(this.memory) + <usize>this.romSize;
    const size = <usize>this.ramSize;
    if (save) memory.copy(pointer, ram, size);
    else memory.copy(ram, pointer, size);
  }
}
