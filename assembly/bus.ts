// The 6507's view of the console: a 13-bit address bus decoded into the TIA,
// the RIOT's RAM and I/O ports, and the cartridge. Every read and write is one
// CPU cycle, and the cycle counter advances before the access so that a device
// sees the cycle of the access itself.
//
// Decode (A12, A9 and A7 of the 13-bit address; everything else mirrors):
//   A12 = 1                  cartridge   $1000-$1FFF
//   A12 = 0, A7 = 0          TIA         $0000-$007F
//   A12 = 0, A9 = 0, A7 = 1  RIOT RAM    $0080-$00FF
//   A12 = 0, A9 = 1, A7 = 1  RIOT I/O    $0280-$029F
//
// FlatBus replaces all of this with 64 KB of RAM and an optional log of
// every access, for the CPU test suites.

import { Tia } from "./tia/tia";
import { Riot } from "./riot/riot";
import { Cartridge } from "./cartridge/cartridge";

const ADDRESS_MASK: u32 = 0x1fff;
const CARTRIDGE_BIT: u32 = 0b1_0000_0000_0000;
const RIOT_BIT: u32 = 0b0_0000_1000_0000;
const RIOT_IO_BIT: u32 = 0b0_0010_0000_0000;
const RIOT_RAM_MASK: u32 = 0x7f;
// A12, A9 and A7: RIOT RAM decodes as A7 = 1 with A12 = A9 = 0.
const RAM_DECODE_MASK: u32 = CARTRIDGE_BIT | RIOT_IO_BIT | RIOT_BIT;

// INTIM: RIOT registers 4 and 6 (A12 = 0, A9 = A7 = 1, A2 = 1, A0 = 0).
const TIMER_READ_MASK: u32 = 0b1_0010_1000_0101;
const TIMER_READ: u32 = 0b0_0010_1000_0100;
// BNE back to the load: the branch opcode and offset -5.
const BNE: u32 = 0xd0;
const BACK_TO_LOAD: u32 = 0xfb;

/** Returns whether a read of `address` reads the RIOT's timer (INTIM). */
@inline
export function isTimerRead(address: u32): bool {
  return (address & TIMER_READ_MASK) == TIMER_READ;
}

/**
 * Cycles of one pass through the wait loop `LDA INTIM; BNE` at
 * `loopStart` (LDX and LDY alike): 4 for the load, 3 for the taken
 * branch and 1 more when the branch crosses a page.
 */
@inline
export function timerLoopPeriod(loopStart: u32): u32 {
  return 7 + (((loopStart ^ (loopStart + 5)) >> 8) & 1);
}

/** Direction codes in FlatBus's access log. */
export const ACCESS_READ: u32 = 0;
export const ACCESS_WRITE: u32 = 1;

/** Accesses the log keeps; one instruction makes at most 8. */
export const ACCESS_LOG_CAPACITY: i32 = 64;

export class Bus {
  /** CPU cycles since power-on; one per bus access. */
  cycles: u64 = 0;
  /** Last value driven on the data bus (read or written). */
  dataBus: u32 = 0;

  // Set by attach() once the machine has built the chips.
  tia: Tia = changetype<Tia>(0);
  riot: Riot = changetype<Riot>(0);
  cartridge: Cartridge = changetype<Cartridge>(0);
  // Address of cartridge.readPointer's data, so a ROM read is three
  // dependent loads (table, slice address, byte), and of the RIOT's RAM.
  private readTable: usize = 0;
  private ramBytes: usize = 0;
  // Slice address of fetchAt()'s last ROM fetch; never 0, the table's
  // value for a trapped slice.
  private codeSlice: usize = usize.MAX_VALUE;

  /** Whether the TIA has finished the current frame (at VSYNC). */
  @inline
  get frameDone(): bool {
    return this.tia.frameDone;
  }

  /** Connects the chips; call again when a new cartridge is inserted. */
  attach(tia: Tia, riot: Riot, cartridge: Cartridge): void {
    this.tia = tia;
    this.riot = riot;
    this.cartridge = cartridge;
    this.readTable = changetype<usize>(cartridge.readPointer);
    this.ramBytes = changetype<usize>(riot.ram);
  }

  @inline
  read(address: u32): u32 {
    this.cycles++;
    let value: u32;
    if (address & CARTRIDGE_BIT) {
      value = this.readCartridge(address);
    } else if ((address & RAM_DECODE_MASK) == RIOT_BIT) {
      value = load<u8>(this.ramBytes + <usize>(address & RIOT_RAM_MASK));
    } else {
      value = this.readChips(address);
    }
    this.dataBus = value;
    return value;
  }

  @inline
  write(address: u32, value: u32): void {
    this.cycles++;
    this.dataBus = value;
    if (address & CARTRIDGE_BIT) {
      this.cartridge.write(address, value);
    } else if ((address & RAM_DECODE_MASK) == RIOT_BIT) {
      store<u8>(this.ramBytes + <usize>(address & RIOT_RAM_MASK), <u8>value);
    } else {
      this.writeChips(address, value);
    }
  }

  /**
   * read() for CpuCore.run, which keeps the cycle counter in a local:
   * `cycle` is the cycle of this access. It reaches `cycles` only when the
   * access goes to a chip or a trapped cartridge slice, because ROM and RAM
   * reads do not depend on the cycle.
   */
  @inline
  readAt(address: u32, cycle: u64): u32 {
    let value: u32;
    if (address & CARTRIDGE_BIT) {
      const slice = (address >> 7) & 31;
      const bytes = load<usize>(this.readTable + (<usize>slice << alignof<usize>()));
      if (bytes != 0) {
        value = load<u8>(bytes + <usize>(address & 0x7f));
      } else {
        this.cycles = cycle;
        value = this.cartridge.read(address);
      }
    } else if ((address & RAM_DECODE_MASK) == RIOT_BIT) {
      value = load<u8>(this.ramBytes + <usize>(address & RIOT_RAM_MASK));
    } else {
      this.cycles = cycle;
      value = this.readChips(address);
    }
    this.dataBus = value;
    return value;
  }

  /**
   * readAt() for the CPU's instruction fetches. It keeps the address of
   * the last ROM slice fetched from and compares the table entry with it,
   * so the CPU can predict the comparison and load the byte without
   * waiting for the table lookup. Bank switching needs no invalidation:
   * a stale slice address no longer matches the table.
   */
  @inline
  fetchAt(address: u32, cycle: u64): u32 {
    if (address & CARTRIDGE_BIT) {
      const slice = (address >> 7) & 31;
      const bytes = load<usize>(this.readTable + (<usize>slice << alignof<usize>()));
      const cached = this.codeSlice;
      if (bytes == cached) {
        const value = <u32>load<u8>(cached + <usize>(address & 0x7f));
        this.dataBus = value;
        return value;
      }
      if (bytes != 0) this.codeSlice = bytes;
    }
    return this.readAt(address, cycle);
  }

  /**
   * Returns how many more passes the timer wait loop at `loopStart`
   * (`LDA INTIM`, `LDX INTIM` or `LDY INTIM`, then `BNE` back to it) makes
   * before its load reads 0, at most `max`, given that the load read a
   * value above 0 at `readCycle`. Returns 0 when the loop is not that
   * loop in plain ROM or the timer does not count down through every read
   * (see Riot.readsUntilZero). Nothing but the cycle counter changes
   * during such passes, so CpuCore.run can skip them.
   */
  timerLoopIterations(loopStart: u32, readCycle: u64, max: i32): i32 {
    if (this.peekRom(loopStart) < 0) return 0;
    if (this.peekRom(loopStart + 3) != <i32>BNE) return 0;
    if (this.peekRom(loopStart + 4) != <i32>BACK_TO_LOAD) return 0;
    return this.riot.readsUntilZero(readCycle, timerLoopPeriod(loopStart), max);
  }

  // The ROM byte at `address`, or -1 when it is not in a slice that reads
  // straight from memory (outside the cartridge, trapped or unmapped).
  private peekRom(address: u32): i32 {
    if ((address & CARTRIDGE_BIT) == 0) return -1;
    const slice = (address >> 7) & 31;
    const bytes = load<usize>(this.readTable + (<usize>slice << alignof<usize>()));
    if (bytes == 0) return -1;
    return <i32>load<u8>(bytes + <usize>(address & 0x7f));
  }

  /**
   * write() for CpuCore.run at cycle `cycle` (see readAt). Returns the
   * cycle counter after the access, which WSYNC moves to the line's end.
   */
  @inline
  writeAt(address: u32, value: u32, cycle: u64): u64 {
    this.dataBus = value;
    if ((address & RAM_DECODE_MASK) == RIOT_BIT) {
      store<u8>(this.ramBytes + <usize>(address & RIOT_RAM_MASK), <u8>value);
      return cycle;
    }
    this.cycles = cycle;
    if (address & CARTRIDGE_BIT) this.cartridge.write(address, value);
    else this.writeChips(address, value);
    return this.cycles;
  }

  @inline
  private readCartridge(address: u32): u32 {
    const slice = (address >> 7) & 31;
    const bytes = load<usize>(this.readTable + (<usize>slice << alignof<usize>()));
    if (bytes != 0) return load<u8>(bytes + <usize>(address & 0x7f));
    return this.cartridge.read(address);
  }

  // TIA and RIOT I/O. Cartridges that snoop (3F, 3E, UA) only watch TIA
  // addresses, so RIOT RAM accesses never reach here.
  private readChips(address: u32): u32 {
    if (address & RIOT_BIT) return this.riot.read(address & ADDRESS_MASK);
    const cartridge = this.cartridge;
    if (cartridge.snoopsChipAccesses) cartridge.snoopRead(address);
    return this.tia.read(address & ADDRESS_MASK);
  }

  @inline
  private writeChips(address: u32, value: u32): void {
    if (address & RIOT_BIT) {
      this.riot.write(address & ADDRESS_MASK, value);
      return;
    }
    const cartridge = this.cartridge;
    if (cartridge.snoopsChipAccesses) cartridge.snoopWrite(address, value);
    this.tia.write(address & ADDRESS_MASK, value);
  }
}

/**
 * 64 KB of RAM at every address with an optional log of every access, for
 * the CPU test suites (which assume RAM everywhere). Same interface as Bus.
 */
export class FlatBus {
  cycles: u64 = 0;
  dataBus: u32 = 0;
  ram: StaticArray<u8> = new StaticArray<u8>(0x10000);
  logEnabled: bool = false;
  // Triples (address, value, direction), logLength of them.
  log: StaticArray<u32> = new StaticArray<u32>(ACCESS_LOG_CAPACITY * 3);
  logLength: i32 = 0;

  /** Always false: the flat bus has no TIA, so CpuCore.run stops only at its limit. */
  @inline
  get frameDone(): bool {
    return false;
  }

  @inline
  read(address: u32): u32 {
    this.cycles++;
    const value = <u32>unchecked(this.ram[address & 0xffff]);
    this.dataBus = value;
    if (this.logEnabled) this.record(address, value, ACCESS_READ);
    return value;
  }

  @inline
  write(address: u32, value: u32): void {
    this.cycles++;
    this.dataBus = value;
    unchecked((this.ram[address & 0xffff] = <u8>value));
    if (this.logEnabled) this.record(address, value, ACCESS_WRITE);
  }

  /** read() at cycle `cycle` (see Bus.fetchAt). */
  @inline
  fetchAt(address: u32, cycle: u64): u32 {
    return this.readAt(address, cycle);
  }

  /** Always 0: the flat bus has no timer (see Bus.timerLoopIterations). */
  timerLoopIterations(loopStart: u32, readCycle: u64, max: i32): i32 {
    return 0;
  }

  /** read() at cycle `cycle` (see Bus.readAt). */
  @inline
  readAt(address: u32, cycle: u64): u32 {
    this.cycles = cycle - 1;
    return this.read(address);
  }

  /** write() at cycle `cycle`; returns the cycle counter (see Bus.writeAt). */
  @inline
  writeAt(address: u32, value: u32, cycle: u64): u64 {
    this.cycles = cycle - 1;
    this.write(address, value);
    return cycle;
  }

  /** Clears the access log and turns logging on or off. */
  startLog(enabled: bool): void {
    this.logEnabled = enabled;
    this.logLength = 0;
  }

  private record(address: u32, value: u32, direction: u32): void {
    const index = this.logLength;
    if (index >= ACCESS_LOG_CAPACITY) return;
    this.log[index * 3] = address & 0xffff;
    this.log[index * 3 + 1] = value;
    this.log[index * 3 + 2] = direction;
    this.logLength = index + 1;
  }
}
