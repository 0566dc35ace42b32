// The 6507: an NMOS 6502 core with 13 address lines (the bus drops the upper
// three, the core keeps a 16-bit PC and 16-bit addresses). Each cycle of an
// instruction is one bus access in hardware order, and Bus.cycles advances
// before each access. The switch in execute() implements the table in
// opcodes.ts.
//
// Two behaviours: hardware (the test suites' NMOS 6502) and ALE-compatible
// (ALE 0.12.1's CPU core, Stella 2.4.2's M6502Low), which the console uses
// because ALE parity depends on it. In ALE-compatible mode:
// - Dummy accesses (the extra reads of indexed, implied and branch
//   instructions and the first write of a read-modify-write) only count
//   their cycle. The stack reads of JSR, RTS, RTI, PLA and PLP and the read
//   after RTS stay real, as in Stella. A DPC cartridge clocks its random
//   number generator on every read of its hotspot page, so this matters.
// - Decimal ADC and SBC (and RRA, ISB) convert through BCD tables instead
//   of the NMOS nibble adjustment (see decimalAdc/decimalSbc).
// - LAX zp takes 4 cycles, an entry of Stella's cycle table.

import { Bus, FlatBus, isTimerRead, timerLoopPeriod } from "../bus";

const FLAG_C: u32 = 0b0000_0001;
const FLAG_Z: u32 = 0b0000_0010;
const FLAG_I: u32 = 0b0000_0100;
const FLAG_D: u32 = 0b0000_1000;
const FLAG_B: u32 = 0b0001_0000;
const FLAG_UNUSED: u32 = 0b0010_0000;
const FLAG_V: u32 = 0b0100_0000;
const FLAG_N: u32 = 0b1000_0000;

const STACK_PAGE: u32 = 0x0100;
const RESET_VECTOR: u32 = 0xfffc;
const BRK_VECTOR: u32 = 0xfffe;

/** Binary value of a BCD byte, invalid digits included: 0 to 165. */
@inline
function bcdToBinary(value: u32): i32 {
  return <i32>((value >> 4) * 10 + (value & 0x0f));
}

/** BCD byte of `value % 100` for 0 <= value <= 255. */
@inline
function binaryToBcd(value: i32): u32 {
  const rest = value % 100;
  return <u32>(((rest / 10) << 4) | (rest % 10));
}

/**
 * Stella keeps bcdToBinary and binaryToBcd as one 2 x 256 byte table and
 * indexes the second half with the SBC difference, which can be as low as
 * -66; such an index reads entry 256 + index of the first half.
 */
@inline
function bcdTableEntry(index: i32): u32 {
  if (index >= 0) return binaryToBcd(index);
  return <u32>bcdToBinary(<u32>(256 + index));
}

/**
 * 1 when the indexed `address` lies on another page than its base
 * (`address - index`): adding `index` carried into the high byte, so bit 8
 * of the address flipped.
 */
@inline
function pageCrossing(address: u32, index: u32): u64 {
  return <u64>(((address ^ (address - index)) >> 8) & 1);
}

/**
 * Packs unpacked flags (see CpuCore.negative) into the status register,
 * with the unused bit set and without the B bit.
 */
@inline
function packFlags(
  negative: u32, overflow: u32, zero: u32, carry: u32, decimal: bool,
  interruptDisable: bool,
): u32 {
  let p = FLAG_UNUSED | (negative & FLAG_N) | (carry & FLAG_C);
  if (overflow) p |= FLAG_V;
  if (decimal) p |= FLAG_D;
  if (interruptDisable) p |= FLAG_I;
  if (zero == 0) p |= FLAG_Z;
  return p;
}

/** Bytes written by Cpu.saveState. */
export const CPU_STATE_SIZE: i32 = 16;

/** Marker type for CpuCore: behave as ALE 0.12.1's CPU core. */
export class AleBehaviour {}

/** Marker type for CpuCore: behave as an NMOS 6502. */
export class HardwareBehaviour {}

/**
 * The core, generic over the bus (so that its read and write inline into
 * the instruction code) and over the behaviour marker (so that the choice
 * costs nothing at run time). Use Cpu, HardwareCpu, FlatCpu or FlatAleCpu.
 */
export class CpuCore<B, M> {
  bus: B;
  pc: u32 = 0;
  a: u32 = 0;
  x: u32 = 0;
  y: u32 = 0;
  s: u32 = 0xff;
  // Flags are kept unpacked. N is bit 7 of `negative`, Z is set when
  // `zero` is 0, C and V are 0 or 1.
  negative: u32 = 0;
  zero: u32 = 1;
  carry: u32 = 0;
  overflow: u32 = 0;
  decimal: bool = false;
  interruptDisable: bool = false;
  /** Set by a JAM opcode; the CPU executes nothing more until reset. */
  jammed: bool = false;

  constructor(bus: B) {
    this.bus = bus;
  }

  /** Whether this core is ALE-compatible (see the file comment). */
  @inline
  get aleCompatible(): bool {
    return idof<M>() == idof<AleBehaviour>();
  }

  /** The status register as PHP would push it, without the B bit. */
  get p(): u32 {
    return packFlags(
      this.negative, this.overflow, this.zero, this.carry, this.decimal,
      this.interruptDisable,
    );
  }

  set p(value: u32) {
    this.negative = value & FLAG_N;
    this.overflow = (value >> 6) & 1;
    this.decimal = (value & FLAG_D) != 0;
    this.interruptDisable = (value & FLAG_I) != 0;
    this.zero = (value & FLAG_Z) ^ FLAG_Z;
    this.carry = value & FLAG_C;
  }

  /**
   * Resets the CPU as Stella 2.4.2 does: A, X and Y are 0, S is $FF, P has
   * only its unused bit set, and PC comes from the reset vector. The two
   * vector reads go through the bus (a cartridge sees them) but, as in
   * Stella, they take no cycles.
   */
  reset(): void {
    this.a = 0;
    this.x = 0;
    this.y = 0;
    this.s = 0xff;
    this.p = FLAG_UNUSED;
    this.jammed = false;
    const bus = this.bus;
    const low = bus.read(RESET_VECTOR);
    const high = bus.read(RESET_VECTOR + 1);
    bus.cycles -= 2;
    this.pc = low | (high << 8);
  }

  /** Copies every register of another CPU; the bus stays this one's. */
  copyFrom(other: CpuCore<B, M>): void {
    this.pc = other.pc;
    this.a = other.a;
    this.x = other.x;
    this.y = other.y;
    this.s = other.s;
    this.negative = other.negative;
    this.zero = other.zero;
    this.carry = other.carry;
    this.overflow = other.overflow;
    this.decimal = other.decimal;
    this.interruptDisable = other.interruptDisable;
    this.jammed = other.jammed;
  }

  /** Writes the registers to `CPU_STATE_SIZE` bytes at `pointer`. */
  saveState(pointer: usize): void {
    store<u16>(pointer, <u16>this.pc);
    store<u8>(pointer, <u8>this.a, 2);
    store<u8>(pointer, <u8>this.x, 3);
    store<u8>(pointer, <u8>this.y, 4);
    store<u8>(pointer, <u8>this.s, 5);
    store<u8>(pointer, <u8>this.p, 6);
    store<u8>(pointer, this.jammed ? 1 : 0, 7);
  }

  /** Reads registers written by saveState. */
  loadState(pointer: usize): void {
    this.pc = load<u16>(pointer);
    this.a = load<u8>(pointer, 2);
    this.x = load<u8>(pointer, 3);
    this.y = load<u8>(pointer, 4);
    this.s = load<u8>(pointer, 5);
    this.p = load<u8>(pointer, 6);
    this.jammed = load<u8>(pointer, 7) != 0;
  }

  /**
   * Executes one instruction and returns the cycles it took (0 when the
   * CPU is jammed).
   */
  step(): i32 {
    if (this.jammed) return 0;
    const bus = this.bus;
    const start = bus.cycles;
    this.executeOpcode(this.fetch());
    return <i32>(bus.cycles - start);
  }

  /**
   * Executes instructions until `limit` have run, the bus reports the
   * frame done (see Bus.frameDone) or the CPU jams, and returns how many
   * ran. Same effect as calling step() that often.
   *
   * The registers, the flags and the bus cycle counter live in locals for
   * the whole loop. No chip reads the CPU's fields. Only the chips and the
   * trapped cartridge slices read the cycle counter, so `cycle` (the cycle
   * of the last access) reaches Bus.cycles just before such an access (see
   * Bus.readAt and Bus.writeAt) and on return. The registers
   * go back to the object before the rarer opcodes (which run through
   * execute()), before decimal ADC and SBC, and on return. The common
   * opcodes below make the same bus accesses, in the same order, as
   * execute(); a test runs the CPU suites through both. In ALE-compatible
   * mode on the console bus, the timer wait loop `LDA INTIM; BNE` (or LDX,
   * LDY) skips the passes whose reads change nothing (see
   * Bus.timerLoopIterations), counting their cycles and instructions.
   */
  run(limit: i32): i32 {
    if (this.jammed) return 0;
    const bus = this.bus;
    let cycle = bus.cycles;
    let pc = this.pc;
    let a = this.a;
    let x = this.x;
    let y = this.y;
    let s = this.s;
    let n = this.negative;
    let z = this.zero;
    let c = this.carry;
    let v = this.overflow;
    let count = 0;
    while (count < limit) {
      const opcode = bus.fetchAt(pc, ++cycle);
      pc = (pc + 1) & 0xffff;
      // The operand (an address or a value) and the result of arithmetic.
      let operand: u32 = 0;
      let result: u32 = 0;
      switch (opcode) {
        // LDA, LDX, LDY.
        case 0xa9: a = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0xa5: a = bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0xb5: operand = this.zpIndexedAt(pc, x, cycle); cycle += 2; a = bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0xad: {
          operand = this.absoluteAt(pc, cycle);
          cycle += 2;
          a = bus.readAt(operand, ++cycle);
          pc = (pc + 2) & 0xffff;
          if (this.aleCompatible && a != 0 && isTimerRead(operand)) {
            // A timer wait loop: skip to the pass whose load reads 0.
            const loopStart = (pc - 3) & 0xffff;
            const passes = bus.timerLoopIterations(loopStart, cycle, (limit - count - 1) >> 1);
            if (passes > 0) {
              cycle += <u64>passes * <u64>timerLoopPeriod(loopStart);
              count += 2 * passes;
              a = bus.readAt(operand, cycle);
            }
          }
          n = a;
          z = a;
          break;
        }
        case 0xbd: operand = this.absIndexedReadAt(pc, x, cycle); cycle += 2 + pageCrossing(operand, x); a = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0xb9: operand = this.absIndexedReadAt(pc, y, cycle); cycle += 2 + pageCrossing(operand, y); a = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0xb1: operand = this.indirectYReadAt(pc, y, cycle); cycle += 3 + pageCrossing(operand, y); a = bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0xa2: x = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; n = x; z = x; break;
        case 0xa6: x = bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; n = x; z = x; break;
        case 0xb6: operand = this.zpIndexedAt(pc, y, cycle); cycle += 2; x = bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = x; z = x; break;
        case 0xae: {
          operand = this.absoluteAt(pc, cycle);
          cycle += 2;
          x = bus.readAt(operand, ++cycle);
          pc = (pc + 2) & 0xffff;
          if (this.aleCompatible && x != 0 && isTimerRead(operand)) {
            // A timer wait loop: skip to the pass whose load reads 0.
            const loopStart = (pc - 3) & 0xffff;
            const passes = bus.timerLoopIterations(loopStart, cycle, (limit - count - 1) >> 1);
            if (passes > 0) {
              cycle += <u64>passes * <u64>timerLoopPeriod(loopStart);
              count += 2 * passes;
              x = bus.readAt(operand, cycle);
            }
          }
          n = x;
          z = x;
          break;
        }
        case 0xbe: operand = this.absIndexedReadAt(pc, y, cycle); cycle += 2 + pageCrossing(operand, y); x = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = x; z = x; break;
        case 0xa0: y = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; n = y; z = y; break;
        case 0xa4: y = bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; n = y; z = y; break;
        case 0xb4: operand = this.zpIndexedAt(pc, x, cycle); cycle += 2; y = bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = y; z = y; break;
        case 0xac: {
          operand = this.absoluteAt(pc, cycle);
          cycle += 2;
          y = bus.readAt(operand, ++cycle);
          pc = (pc + 2) & 0xffff;
          if (this.aleCompatible && y != 0 && isTimerRead(operand)) {
            // A timer wait loop: skip to the pass whose load reads 0.
            const loopStart = (pc - 3) & 0xffff;
            const passes = bus.timerLoopIterations(loopStart, cycle, (limit - count - 1) >> 1);
            if (passes > 0) {
              cycle += <u64>passes * <u64>timerLoopPeriod(loopStart);
              count += 2 * passes;
              y = bus.readAt(operand, cycle);
            }
          }
          n = y;
          z = y;
          break;
        }
        case 0xbc: operand = this.absIndexedReadAt(pc, x, cycle); cycle += 2 + pageCrossing(operand, x); y = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = y; z = y; break;

        // STA, STX, STY.
        case 0x85: operand = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; cycle = bus.writeAt(operand, a, cycle + 1); break;
        case 0x95: operand = this.zpIndexedAt(pc, x, cycle); cycle += 2; pc = (pc + 1) & 0xffff; cycle = bus.writeAt(operand, a, cycle + 1); break;
        case 0x8d: operand = this.absoluteAt(pc, cycle); cycle += 2; pc = (pc + 2) & 0xffff; cycle = bus.writeAt(operand, a, cycle + 1); break;
        case 0x9d: operand = this.absIndexedWriteAt(pc, x, cycle); cycle += 3; pc = (pc + 2) & 0xffff; cycle = bus.writeAt(operand, a, cycle + 1); break;
        case 0x99: operand = this.absIndexedWriteAt(pc, y, cycle); cycle += 3; pc = (pc + 2) & 0xffff; cycle = bus.writeAt(operand, a, cycle + 1); break;
        case 0x91: operand = this.indirectYWriteAt(pc, y, cycle); cycle += 4; pc = (pc + 1) & 0xffff; cycle = bus.writeAt(operand, a, cycle + 1); break;
        case 0x86: operand = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; cycle = bus.writeAt(operand, x, cycle + 1); break;
        case 0x96: operand = this.zpIndexedAt(pc, y, cycle); cycle += 2; pc = (pc + 1) & 0xffff; cycle = bus.writeAt(operand, x, cycle + 1); break;
        case 0x8e: operand = this.absoluteAt(pc, cycle); cycle += 2; pc = (pc + 2) & 0xffff; cycle = bus.writeAt(operand, x, cycle + 1); break;
        case 0x84: operand = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; cycle = bus.writeAt(operand, y, cycle + 1); break;
        case 0x94: operand = this.zpIndexedAt(pc, x, cycle); cycle += 2; pc = (pc + 1) & 0xffff; cycle = bus.writeAt(operand, y, cycle + 1); break;
        case 0x8c: operand = this.absoluteAt(pc, cycle); cycle += 2; pc = (pc + 2) & 0xffff; cycle = bus.writeAt(operand, y, cycle + 1); break;

        // Transfers and stack.
        case 0xaa: this.dummyReadAt(pc, ++cycle); x = a; n = x; z = x; break;
        case 0xa8: this.dummyReadAt(pc, ++cycle); y = a; n = y; z = y; break;
        case 0x8a: this.dummyReadAt(pc, ++cycle); a = x; n = a; z = a; break;
        case 0x98: this.dummyReadAt(pc, ++cycle); a = y; n = a; z = a; break;
        case 0xba: this.dummyReadAt(pc, ++cycle); x = s; n = x; z = x; break;
        case 0x9a: this.dummyReadAt(pc, ++cycle); s = x; break;
        case 0x48: {
          this.dummyReadAt(pc, ++cycle);
          cycle = bus.writeAt(STACK_PAGE | s, a, cycle + 1);
          s = (s - 1) & 0xff;
          break;
        }
        case 0x08: {
          this.dummyReadAt(pc, ++cycle);
          operand = packFlags(n, v, z, c, this.decimal, this.interruptDisable) | FLAG_B;
          cycle = bus.writeAt(STACK_PAGE | s, operand, cycle + 1);
          s = (s - 1) & 0xff;
          break;
        }
        case 0x28: {
          this.dummyReadAt(pc, ++cycle);
          bus.readAt(STACK_PAGE | s, ++cycle);
          s = (s + 1) & 0xff;
          operand = bus.readAt(STACK_PAGE | s, ++cycle);
          n = operand & FLAG_N;
          v = (operand >> 6) & 1;
          z = (operand & FLAG_Z) ^ FLAG_Z;
          c = operand & FLAG_C;
          this.decimal = (operand & FLAG_D) != 0;
          this.interruptDisable = (operand & FLAG_I) != 0;
          break;
        }
        case 0x68: {
          this.dummyReadAt(pc, ++cycle);
          bus.readAt(STACK_PAGE | s, ++cycle);
          s = (s + 1) & 0xff;
          a = bus.readAt(STACK_PAGE | s, ++cycle);
          n = a;
          z = a;
          break;
        }

        // ORA, AND, EOR.
        case 0x09: a |= bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x05: a |= bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x15: operand = this.zpIndexedAt(pc, x, cycle); cycle += 2; a |= bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x0d: operand = this.absoluteAt(pc, cycle); cycle += 2; a |= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x1d: operand = this.absIndexedReadAt(pc, x, cycle); cycle += 2 + pageCrossing(operand, x); a |= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x19: operand = this.absIndexedReadAt(pc, y, cycle); cycle += 2 + pageCrossing(operand, y); a |= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x11: operand = this.indirectYReadAt(pc, y, cycle); cycle += 3 + pageCrossing(operand, y); a |= bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x29: a &= bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x25: a &= bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x35: operand = this.zpIndexedAt(pc, x, cycle); cycle += 2; a &= bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x2d: operand = this.absoluteAt(pc, cycle); cycle += 2; a &= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x3d: operand = this.absIndexedReadAt(pc, x, cycle); cycle += 2 + pageCrossing(operand, x); a &= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x39: operand = this.absIndexedReadAt(pc, y, cycle); cycle += 2 + pageCrossing(operand, y); a &= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x31: operand = this.indirectYReadAt(pc, y, cycle); cycle += 3 + pageCrossing(operand, y); a &= bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x49: a ^= bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x45: a ^= bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x55: operand = this.zpIndexedAt(pc, x, cycle); cycle += 2; a ^= bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;
        case 0x4d: operand = this.absoluteAt(pc, cycle); cycle += 2; a ^= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x5d: operand = this.absIndexedReadAt(pc, x, cycle); cycle += 2 + pageCrossing(operand, x); a ^= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x59: operand = this.absIndexedReadAt(pc, y, cycle); cycle += 2 + pageCrossing(operand, y); a ^= bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = a; z = a; break;
        case 0x51: operand = this.indirectYReadAt(pc, y, cycle); cycle += 3 + pageCrossing(operand, y); a ^= bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; n = a; z = a; break;

        // ADC and SBC: binary inline, decimal through adc() and sbc().
        case 0x69: case 0x65: case 0x75: case 0x6d: case 0x7d: case 0x79:
        case 0xe9: case 0xe5: case 0xf5: case 0xed: case 0xfd: case 0xf9: {
          const mode = opcode & 0x1f;
          if (mode == 0x09) {
            operand = bus.readAt(pc, ++cycle);
            pc = (pc + 1) & 0xffff;
          } else if (mode == 0x05) {
            operand = bus.readAt(bus.readAt(pc, ++cycle), ++cycle);
            pc = (pc + 1) & 0xffff;
          } else if (mode == 0x15) {
            operand = this.zpIndexedAt(pc, x, cycle);
            cycle += 2;
            operand = bus.readAt(operand, ++cycle);
            pc = (pc + 1) & 0xffff;
          } else if (mode == 0x0d) {
            operand = this.absoluteAt(pc, cycle);
            cycle += 2;
            operand = bus.readAt(operand, ++cycle);
            pc = (pc + 2) & 0xffff;
          } else {
            const index = mode == 0x1d ? x : y;
            operand = this.absIndexedReadAt(pc, index, cycle);
            cycle += 2 + pageCrossing(operand, index);
            operand = bus.readAt(operand, ++cycle);
            pc = (pc + 2) & 0xffff;
          }
          if (this.decimal) {
            this.a = a;
            this.carry = c;
            if (opcode < 0x80) this.adc(operand);
            else this.sbc(operand);
            a = this.a;
            n = this.negative;
            z = this.zero;
            c = this.carry;
            v = this.overflow;
          } else if (opcode < 0x80) {
            result = a + operand + c;
            v = ((~(a ^ operand) & (a ^ result)) >> 7) & 1;
            c = result >> 8;
            a = result & 0xff;
            n = a;
            z = a;
          } else {
            result = a - operand - (1 - c);
            v = (((a ^ operand) & (a ^ result)) >> 7) & 1;
            c = result < 0x100 ? 1 : 0;
            a = result & 0xff;
            n = a;
            z = a;
          }
          break;
        }

        // CMP, CPX, CPY.
        case 0xc9: operand = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; c = a >= operand ? 1 : 0; z = (a - operand) & 0xff; n = z; break;
        case 0xc5: operand = bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; c = a >= operand ? 1 : 0; z = (a - operand) & 0xff; n = z; break;
        case 0xd5: operand = this.zpIndexedAt(pc, x, cycle); cycle += 2; operand = bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; c = a >= operand ? 1 : 0; z = (a - operand) & 0xff; n = z; break;
        case 0xcd: operand = this.absoluteAt(pc, cycle); cycle += 2; operand = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; c = a >= operand ? 1 : 0; z = (a - operand) & 0xff; n = z; break;
        case 0xdd: operand = this.absIndexedReadAt(pc, x, cycle); cycle += 2 + pageCrossing(operand, x); operand = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; c = a >= operand ? 1 : 0; z = (a - operand) & 0xff; n = z; break;
        case 0xd9: operand = this.absIndexedReadAt(pc, y, cycle); cycle += 2 + pageCrossing(operand, y); operand = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; c = a >= operand ? 1 : 0; z = (a - operand) & 0xff; n = z; break;
        case 0xd1: operand = this.indirectYReadAt(pc, y, cycle); cycle += 3 + pageCrossing(operand, y); operand = bus.readAt(operand, ++cycle); pc = (pc + 1) & 0xffff; c = a >= operand ? 1 : 0; z = (a - operand) & 0xff; n = z; break;
        case 0xe0: operand = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; c = x >= operand ? 1 : 0; z = (x - operand) & 0xff; n = z; break;
        case 0xe4: operand = bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; c = x >= operand ? 1 : 0; z = (x - operand) & 0xff; n = z; break;
        case 0xec: operand = this.absoluteAt(pc, cycle); cycle += 2; operand = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; c = x >= operand ? 1 : 0; z = (x - operand) & 0xff; n = z; break;
        case 0xc0: operand = bus.readAt(pc, ++cycle); pc = (pc + 1) & 0xffff; c = y >= operand ? 1 : 0; z = (y - operand) & 0xff; n = z; break;
        case 0xc4: operand = bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; c = y >= operand ? 1 : 0; z = (y - operand) & 0xff; n = z; break;
        case 0xcc: operand = this.absoluteAt(pc, cycle); cycle += 2; operand = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; c = y >= operand ? 1 : 0; z = (y - operand) & 0xff; n = z; break;

        // BIT.
        case 0x24: operand = bus.readAt(bus.readAt(pc, ++cycle), ++cycle); pc = (pc + 1) & 0xffff; n = operand; v = (operand >> 6) & 1; z = a & operand; break;
        case 0x2c: operand = this.absoluteAt(pc, cycle); cycle += 2; operand = bus.readAt(operand, ++cycle); pc = (pc + 2) & 0xffff; n = operand; v = (operand >> 6) & 1; z = a & operand; break;

        // INX, INY, DEX, DEY.
        case 0xe8: this.dummyReadAt(pc, ++cycle); x = (x + 1) & 0xff; n = x; z = x; break;
        case 0xc8: this.dummyReadAt(pc, ++cycle); y = (y + 1) & 0xff; n = y; z = y; break;
        case 0xca: this.dummyReadAt(pc, ++cycle); x = (x - 1) & 0xff; n = x; z = x; break;
        case 0x88: this.dummyReadAt(pc, ++cycle); y = (y - 1) & 0xff; n = y; z = y; break;

        // Shifts and rotates on A.
        case 0x0a: this.dummyReadAt(pc, ++cycle); c = a >> 7; a = (a << 1) & 0xff; n = a; z = a; break;
        case 0x4a: this.dummyReadAt(pc, ++cycle); c = a & 1; a = a >> 1; n = a; z = a; break;
        case 0x2a: this.dummyReadAt(pc, ++cycle); result = ((a << 1) | c) & 0xff; c = a >> 7; a = result; n = a; z = a; break;
        case 0x6a: this.dummyReadAt(pc, ++cycle); result = (a >> 1) | (c << 7); c = a & 1; a = result; n = a; z = a; break;

        // Read-modify-write on memory: ASL, LSR, ROL, ROR, INC, DEC on zp,
        // zp,X and abs; INC and DEC on abs,X.
        case 0x06: case 0x46: case 0x26: case 0x66: case 0xe6: case 0xc6:
        case 0x16: case 0x56: case 0x36: case 0x76: case 0xf6: case 0xd6:
        case 0x0e: case 0x4e: case 0x2e: case 0x6e: case 0xee: case 0xce:
        case 0xfe: case 0xde: {
          const mode = opcode & 0x1f;
          if (mode == 0x06) {
            operand = bus.readAt(pc, ++cycle);
            pc = (pc + 1) & 0xffff;
          } else if (mode == 0x16) {
            operand = this.zpIndexedAt(pc, x, cycle);
            cycle += 2;
            pc = (pc + 1) & 0xffff;
          } else if (mode == 0x0e) {
            operand = this.absoluteAt(pc, cycle);
            cycle += 2;
            pc = (pc + 2) & 0xffff;
          } else {
            operand = this.absIndexedWriteAt(pc, x, cycle);
            cycle += 3;
            pc = (pc + 2) & 0xffff;
          }
          const value = bus.readAt(operand, ++cycle);
          if (this.aleCompatible) cycle++;
          else cycle = bus.writeAt(operand, value, cycle + 1);
          const operation = opcode & 0xe0;
          if (operation == 0x00) {
            c = value >> 7;
            result = (value << 1) & 0xff;
          } else if (operation == 0x40) {
            c = value & 1;
            result = value >> 1;
          } else if (operation == 0x20) {
            result = ((value << 1) | c) & 0xff;
            c = value >> 7;
          } else if (operation == 0x60) {
            result = (value >> 1) | (c << 7);
            c = value & 1;
          } else if (operation == 0xe0) {
            result = (value + 1) & 0xff;
          } else {
            result = (value - 1) & 0xff;
          }
          n = result;
          z = result;
          cycle = bus.writeAt(operand, result, cycle + 1);
          break;
        }

        // Flags.
        case 0x18: this.dummyReadAt(pc, ++cycle); c = 0; break;
        case 0x38: this.dummyReadAt(pc, ++cycle); c = 1; break;
        case 0xb8: this.dummyReadAt(pc, ++cycle); v = 0; break;
        case 0xd8: this.dummyReadAt(pc, ++cycle); this.decimal = false; break;
        case 0xf8: this.dummyReadAt(pc, ++cycle); this.decimal = true; break;
        case 0x58: this.dummyReadAt(pc, ++cycle); this.interruptDisable = false; break;
        case 0x78: this.dummyReadAt(pc, ++cycle); this.interruptDisable = true; break;

        // Branches.
        case 0x10: case 0x30: case 0x50: case 0x70:
        case 0x90: case 0xb0: case 0xd0: case 0xf0: {
          operand = bus.readAt(pc, ++cycle);
          pc = (pc + 1) & 0xffff;
          // Bits 7-6 of the opcode pick the flag (N, V, C, Z) and bit 5
          // whether the branch wants it set (BMI, BVS, BCS, BEQ). The four
          // flags go into one nibble so that picking one is a shift, not a
          // chain of hard-to-predict branches.
          const flags =
            ((n & 0x80) >> 7) | (<u32>(v != 0) << 1) | (<u32>(c != 0) << 2) | (<u32>(z == 0) << 3);
          const flagSet = (flags >> (opcode >> 6)) & 1;
          if (flagSet != ((opcode >> 5) & 1)) break;
          this.dummyReadAt(pc, ++cycle);
          const target = (pc + operand - ((operand & 0x80) << 1)) & 0xffff;
          if ((target ^ pc) & 0xff00) this.dummyReadAt((pc & 0xff00) | (target & 0xff), ++cycle);
          pc = target;
          break;
        }

        // JMP, JSR, RTS, NOP.
        case 0x4c: pc = this.absoluteAt(pc, cycle); cycle += 2; break;
        case 0x20: {
          operand = bus.readAt(pc, ++cycle);
          pc = (pc + 1) & 0xffff;
          bus.readAt(STACK_PAGE | s, ++cycle);
          cycle = bus.writeAt(STACK_PAGE | s, pc >> 8, cycle + 1);
          s = (s - 1) & 0xff;
          cycle = bus.writeAt(STACK_PAGE | s, pc & 0xff, cycle + 1);
          s = (s - 1) & 0xff;
          pc = operand | (bus.readAt(pc, ++cycle) << 8);
          break;
        }
        case 0x60: {
          this.dummyReadAt(pc, ++cycle);
          bus.readAt(STACK_PAGE | s, ++cycle);
          s = (s + 1) & 0xff;
          operand = bus.readAt(STACK_PAGE | s, ++cycle);
          s = (s + 1) & 0xff;
          operand |= bus.readAt(STACK_PAGE | s, ++cycle) << 8;
          bus.readAt(operand, ++cycle);
          pc = (operand + 1) & 0xffff;
          break;
        }
        case 0xea: this.dummyReadAt(pc, ++cycle); break;

        // Everything else goes through execute() on the object's fields.
        default: {
          this.pc = pc;
          this.a = a;
          this.x = x;
          this.y = y;
          this.s = s;
          this.negative = n;
          this.zero = z;
          this.carry = c;
          this.overflow = v;
          bus.cycles = cycle;
          this.executeOpcode(opcode);
          cycle = bus.cycles;
          pc = this.pc;
          a = this.a;
          x = this.x;
          y = this.y;
          s = this.s;
          n = this.negative;
          z = this.zero;
          c = this.carry;
          v = this.overflow;
          if (this.jammed) {
            count++;
            return count;
          }
          break;
        }
      }
      count++;
      if (bus.frameDone) break;
    }
    bus.cycles = cycle;
    this.pc = pc;
    this.a = a;
    this.x = x;
    this.y = y;
    this.s = s;
    this.negative = n;
    this.zero = z;
    this.carry = c;
    this.overflow = v;
    return count;
  }

  /** execute() as a call, so that run() and step() share one copy. */
  private executeOpcode(opcode: u32): void {
    this.execute(opcode);
  }

  // ---- run()'s accesses and addressing modes. They take `cycle`, the
  // cycle of the access before theirs, and make execute()'s accesses at
  // the cycles after it. Addressing modes take the PC of the operand's
  // first byte (run() advances its own copy) and return the effective
  // address. run() adds the cycles they used.

  /** A dummy read at `cycle`: real in hardware mode, none in ALE mode. */
  @inline
  private dummyReadAt(address: u32, cycle: u64): void {
    if (!this.aleCompatible) this.bus.readAt(address, cycle);
  }

  /** zp,X and zp,Y: 2 cycles. */
  @inline
  private zpIndexedAt(pc: u32, index: u32, cycle: u64): u32 {
    const base = this.bus.readAt(pc, cycle + 1);
    this.dummyReadAt(base, cycle + 2);
    return (base + index) & 0xff;
  }

  /** abs: 2 cycles. */
  @inline
  private absoluteAt(pc: u32, cycle: u64): u32 {
    const bus = this.bus;
    const low = bus.readAt(pc, cycle + 1);
    return low | (bus.readAt((pc + 1) & 0xffff, cycle + 2) << 8);
  }

  /** abs,X and abs,Y for reads: 2 cycles, 3 on a page crossing. */
  @inline
  private absIndexedReadAt(pc: u32, index: u32, cycle: u64): u32 {
    const bus = this.bus;
    const low = bus.readAt(pc, cycle + 1);
    const high = bus.readAt((pc + 1) & 0xffff, cycle + 2) << 8;
    const sum = low + index;
    if (sum > 0xff) this.dummyReadAt(high | (sum & 0xff), cycle + 3);
    return (high + sum) & 0xffff;
  }

  /** abs,X and abs,Y for writes and read-modify-writes: 3 cycles. */
  @inline
  private absIndexedWriteAt(pc: u32, index: u32, cycle: u64): u32 {
    const bus = this.bus;
    const low = bus.readAt(pc, cycle + 1);
    const high = bus.readAt((pc + 1) & 0xffff, cycle + 2) << 8;
    const sum = low + index;
    this.dummyReadAt(high | (sum & 0xff), cycle + 3);
    return (high + sum) & 0xffff;
  }

  /** (zp),Y for reads: 3 cycles, 4 on a page crossing. */
  @inline
  private indirectYReadAt(pc: u32, y: u32, cycle: u64): u32 {
    const bus = this.bus;
    const pointer = bus.readAt(pc, cycle + 1);
    const low = bus.readAt(pointer, cycle + 2);
    const high = bus.readAt((pointer + 1) & 0xff, cycle + 3) << 8;
    const sum = low + y;
    if (sum > 0xff) this.dummyReadAt(high | (sum & 0xff), cycle + 4);
    return (high + sum) & 0xffff;
  }

  /** (zp),Y for writes: 4 cycles. */
  @inline
  private indirectYWriteAt(pc: u32, y: u32, cycle: u64): u32 {
    const bus = this.bus;
    const pointer = bus.readAt(pc, cycle + 1);
    const low = bus.readAt(pointer, cycle + 2);
    const high = bus.readAt((pointer + 1) & 0xff, cycle + 3) << 8;
    const sum = low + y;
    this.dummyReadAt(high | (sum & 0xff), cycle + 4);
    return (high + sum) & 0xffff;
  }

  // ---- bus access -------------------------------------------------------

  @inline
  protected read(address: u32): u32 {
    return this.bus.read(address);
  }

  @inline
  private write(address: u32, value: u32): void {
    this.bus.write(address, value);
  }

  @inline
  protected fetch(): u32 {
    const value = this.bus.read(this.pc);
    this.pc = (this.pc + 1) & 0xffff;
    return value;
  }

  /** Makes a dummy read, or in ALE-compatible mode only counts its cycle. */
  @inline
  private dummyRead(address: u32): void {
    if (this.aleCompatible) this.bus.cycles++;
    else this.bus.read(address);
  }

  /** Makes a dummy write, or in ALE-compatible mode only counts its cycle. */
  @inline
  private dummyWrite(address: u32, value: u32): void {
    if (this.aleCompatible) this.bus.cycles++;
    else this.bus.write(address, value);
  }

  /** Makes the dummy read of the next byte that one-byte instructions make. */
  @inline
  private idle(): void {
    this.dummyRead(this.pc);
  }

  @inline
  private push(value: u32): void {
    this.bus.write(STACK_PAGE | this.s, value);
    this.s = (this.s - 1) & 0xff;
  }

  @inline
  private pull(): u32 {
    this.s = (this.s + 1) & 0xff;
    return this.bus.read(STACK_PAGE | this.s);
  }

  // ---- addressing modes: each returns the effective address -------------

  @inline
  private zeroPage(): u32 {
    return this.fetch();
  }

  @inline
  private zeroPageIndexed(index: u32): u32 {
    const base = this.fetch();
    this.dummyRead(base);
    return (base + index) & 0xff;
  }

  @inline
  private absolute(): u32 {
    const low = this.fetch();
    return low | (this.fetch() << 8);
  }

  /** abs,X and abs,Y for reads: a dummy read only on a page crossing. */
  @inline
  private absoluteIndexedRead(index: u32): u32 {
    const low = this.fetch();
    const high = this.fetch() << 8;
    const sum = low + index;
    const address = (high + sum) & 0xffff;
    if (sum > 0xff) this.dummyRead(high | (sum & 0xff));
    return address;
  }

  /** abs,X and abs,Y for writes and read-modify-writes: always a dummy read. */
  @inline
  private absoluteIndexedWrite(index: u32): u32 {
    const low = this.fetch();
    const high = this.fetch() << 8;
    const sum = low + index;
    this.dummyRead(high | (sum & 0xff));
    return (high + sum) & 0xffff;
  }

  @inline
  private indexedIndirect(): u32 {
    const pointer = this.fetch();
    this.dummyRead(pointer);
    const target = (pointer + this.x) & 0xff;
    const low = this.read(target);
    return low | (this.read((target + 1) & 0xff) << 8);
  }

  @inline
  private indirectIndexedRead(): u32 {
    const pointer = this.fetch();
    const low = this.read(pointer);
    const high = this.read((pointer + 1) & 0xff) << 8;
    const sum = low + this.y;
    if (sum > 0xff) this.dummyRead(high | (sum & 0xff));
    return (high + sum) & 0xffff;
  }

  @inline
  private indirectIndexedWrite(): u32 {
    const pointer = this.fetch();
    const low = this.read(pointer);
    const high = this.read((pointer + 1) & 0xff) << 8;
    const sum = low + this.y;
    this.dummyRead(high | (sum & 0xff));
    return (high + sum) & 0xffff;
  }

  /** First half of a read-modify-write: read, then write the value back. */
  @inline
  private readModify(address: u32): u32 {
    const value = this.read(address);
    this.dummyWrite(address, value);
    return value;
  }

  // ---- operations ----------------------------------------------------------

  @inline
  private setNZ(value: u32): void {
    this.negative = value;
    this.zero = value;
  }

  @inline
  private lda(value: u32): void {
    this.a = value;
    this.setNZ(value);
  }

  @inline
  private ldx(value: u32): void {
    this.x = value;
    this.setNZ(value);
  }

  @inline
  private ldy(value: u32): void {
    this.y = value;
    this.setNZ(value);
  }

  @inline
  private ora(value: u32): void {
    this.lda(this.a | value);
  }

  @inline
  private and(value: u32): void {
    this.lda(this.a & value);
  }

  @inline
  private eor(value: u32): void {
    this.lda(this.a ^ value);
  }

  @inline
  private compare(register: u32, value: u32): void {
    const difference = register - value;
    this.carry = register >= value ? 1 : 0;
    this.setNZ(difference & 0xff);
  }

  @inline
  private bit(value: u32): void {
    this.negative = value;
    this.overflow = (value >> 6) & 1;
    this.zero = this.a & value;
  }

  private adc(value: u32): void {
    const a = this.a;
    const carry = this.carry;
    if (!this.decimal) {
      const sum = a + value + carry;
      this.overflow = ((~(a ^ value) & (a ^ sum)) >> 7) & 1;
      this.carry = sum >> 8;
      this.lda(sum & 0xff);
      return;
    }
    if (this.aleCompatible) {
      this.decimalAdc(value);
      return;
    }
    // NMOS decimal mode: Z comes from the binary sum, N and V from the
    // sum after the low-nibble adjustment, C from the final adjustment.
    let low = (a & 0x0f) + (value & 0x0f) + carry;
    let high = (a & 0xf0) + (value & 0xf0);
    this.zero = (a + value + carry) & 0xff;
    if (low > 0x09) {
      high += 0x10;
      low += 0x06;
    }
    this.negative = high;
    this.overflow = ((~(a ^ value) & (a ^ high)) >> 7) & 1;
    if (high > 0x90) high += 0x60;
    this.carry = high > 0xff ? 1 : 0;
    this.a = (low & 0x0f) | (high & 0xf0);
  }

  private sbc(value: u32): void {
    if (this.decimal && this.aleCompatible) {
      this.decimalSbc(value);
      return;
    }
    const a = this.a;
    const borrow = 1 - this.carry;
    const difference = a - value - borrow;
    this.overflow = (((a ^ value) & (a ^ difference)) >> 7) & 1;
    this.carry = difference < 0x100 ? 1 : 0;
    this.setNZ(difference & 0xff);
    if (!this.decimal) {
      this.a = difference & 0xff;
      return;
    }
    // NMOS decimal mode: flags as in binary, nibbles adjusted separately.
    let low = <i32>(a & 0x0f) - <i32>(value & 0x0f) - <i32>borrow;
    let high = <i32>(a & 0xf0) - <i32>(value & 0xf0);
    if (low & 0x10) {
      low -= 0x06;
      high -= 0x10;
    }
    if (high & 0x100) high -= 0x60;
    this.a = <u32>((low & 0x0f) | (high & 0xf0));
  }

  /**
   * Decimal ADC as Stella 2.4.2 does it: both operands go through a table
   * to binary (high nibble * 10 + low nibble, so invalid digits count too),
   * the sum modulo 100 back to BCD. C is set when the sum exceeds 99; N and
   * Z come from the result; V is set when the result's sign differs from
   * both the old A's and the operand's.
   */
  private decimalAdc(value: u32): void {
    const a = this.a;
    const sum = bcdToBinary(a) + bcdToBinary(value) + <i32>this.carry;
    this.carry = sum > 99 ? 1 : 0;
    const result = binaryToBcd(sum & 0xff);
    this.finishDecimal(a, value, result);
  }

  /**
   * Decimal SBC as Stella 2.4.2 does it: the table difference, plus 100 when
   * negative, back to BCD. A difference still negative after that indexes
   * before Stella's table and lands in its first half (see bcdTableEntry).
   * C is set when the old A >= operand + borrow; N, Z and V as in ADC.
   */
  private decimalSbc(value: u32): void {
    const a = this.a;
    const borrow = 1 - <i32>this.carry;
    let difference = bcdToBinary(a) - bcdToBinary(value) - borrow;
    if (difference < 0) difference += 100;
    this.carry = <i32>a >= <i32>value + borrow ? 1 : 0;
    this.finishDecimal(a, value, bcdTableEntry(difference));
  }

  @inline
  private finishDecimal(oldA: u32, value: u32, result: u32): void {
    this.overflow = (((oldA ^ result) & (result ^ value)) >> 7) & 1;
    this.lda(result);
  }

  @inline
  private asl(value: u32): u32 {
    this.carry = value >> 7;
    const result = (value << 1) & 0xff;
    this.setNZ(result);
    return result;
  }

  @inline
  private lsr(value: u32): u32 {
    this.carry = value & 1;
    const result = value >> 1;
    this.setNZ(result);
    return result;
  }

  @inline
  private rol(value: u32): u32 {
    const result = ((value << 1) | this.carry) & 0xff;
    this.carry = value >> 7;
    this.setNZ(result);
    return result;
  }

  @inline
  private ror(value: u32): u32 {
    const result = (value >> 1) | (this.carry << 7);
    this.carry = value & 1;
    this.setNZ(result);
    return result;
  }

  @inline
  private inc(value: u32): u32 {
    const result = (value + 1) & 0xff;
    this.setNZ(result);
    return result;
  }

  @inline
  private dec(value: u32): u32 {
    const result = (value - 1) & 0xff;
    this.setNZ(result);
    return result;
  }

  /** ARR: AND, then ROR A, with its own flag rules (and BCD fix-up). */
  private arr(value: u32): void {
    const t = this.a & value;
    const result = (t >> 1) | (this.carry << 7);
    if (!this.decimal) {
      this.lda(result);
      this.carry = (result >> 6) & 1;
      this.overflow = ((result >> 6) ^ (result >> 5)) & 1;
      return;
    }
    this.negative = result;
    this.zero = result;
    this.overflow = ((t ^ result) >> 6) & 1;
    let adjusted = result;
    if ((t & 0x0f) + (t & 0x01) > 0x05) {
      adjusted = (adjusted & 0xf0) | ((adjusted + 0x06) & 0x0f);
    }
    if ((t & 0xf0) + (t & 0x10) > 0x50) {
      adjusted = (adjusted + 0x60) & 0xff;
      this.carry = 1;
    } else {
      this.carry = 0;
    }
    this.a = adjusted;
  }

  /**
   * SHA, SHX, SHY and TAS store `value & (H + 1)`, where H is the high byte
   * of the final address. On a page crossing the address is the carried one
   * (this follows the single-step test data; real chips differ there).
   */
  @inline
  private storeHigh(address: u32, value: u32): void {
    this.write(address, value & ((address >> 8) + 1) & 0xff);
  }

  @inline
  private branch(condition: bool): void {
    const offset = this.fetch();
    if (!condition) return;
    const pc = this.pc;
    this.dummyRead(pc);
    const target = (pc + offset - ((offset & 0x80) << 1)) & 0xffff;
    if ((target ^ pc) & 0xff00) this.dummyRead((pc & 0xff00) | (target & 0xff));
    this.pc = target;
  }

  private brk(): void {
    this.fetch();
    this.push(this.pc >> 8);
    this.push(this.pc & 0xff);
    this.push(this.p | FLAG_B);
    this.interruptDisable = true;
    const low = this.read(BRK_VECTOR);
    this.pc = low | (this.read(BRK_VECTOR + 1) << 8);
  }

  private jsr(): void {
    const low = this.fetch();
    this.read(STACK_PAGE | this.s);
    this.push(this.pc >> 8);
    this.push(this.pc & 0xff);
    this.pc = low | (this.read(this.pc) << 8);
  }

  private rts(): void {
    this.idle();
    this.read(STACK_PAGE | this.s);
    const low = this.pull();
    const address = low | (this.pull() << 8);
    this.read(address);
    this.pc = (address + 1) & 0xffff;
  }

  private rti(): void {
    this.idle();
    this.read(STACK_PAGE | this.s);
    this.p = this.pull();
    const low = this.pull();
    this.pc = low | (this.pull() << 8);
  }

  private jmpIndirect(): void {
    const pointer = this.absolute();
    const low = this.read(pointer);
    const high = this.read((pointer & 0xff00) | ((pointer + 1) & 0xff));
    this.pc = low | (high << 8);
  }

  /**
   * JAM: after the opcode and one more cycle the CPU stops. The PC stays on
   * the opcode as in the single-step test data; Stella leaves it one past.
   */
  private jam(): void {
    this.idle();
    if (!this.aleCompatible) this.pc = (this.pc - 1) & 0xffff;
    this.jammed = true;
  }

  // ---- dispatch ------------------------------------------------------------

  // Inlined once, into executeOpcode().
  @inline
  protected execute(opcode: u32): void {
    switch (opcode) {
      // Loads and stores.
      case 0xa9: this.lda(this.fetch()); break;
      case 0xa5: this.lda(this.read(this.zeroPage())); break;
      case 0xb5: this.lda(this.read(this.zeroPageIndexed(this.x))); break;
      case 0xad: this.lda(this.read(this.absolute())); break;
      case 0xbd: this.lda(this.read(this.absoluteIndexedRead(this.x))); break;
      case 0xb9: this.lda(this.read(this.absoluteIndexedRead(this.y))); break;
      case 0xa1: this.lda(this.read(this.indexedIndirect())); break;
      case 0xb1: this.lda(this.read(this.indirectIndexedRead())); break;

      case 0xa2: this.ldx(this.fetch()); break;
      case 0xa6: this.ldx(this.read(this.zeroPage())); break;
      case 0xb6: this.ldx(this.read(this.zeroPageIndexed(this.y))); break;
      case 0xae: this.ldx(this.read(this.absolute())); break;
      case 0xbe: this.ldx(this.read(this.absoluteIndexedRead(this.y))); break;

      case 0xa0: this.ldy(this.fetch()); break;
      case 0xa4: this.ldy(this.read(this.zeroPage())); break;
      case 0xb4: this.ldy(this.read(this.zeroPageIndexed(this.x))); break;
      case 0xac: this.ldy(this.read(this.absolute())); break;
      case 0xbc: this.ldy(this.read(this.absoluteIndexedRead(this.x))); break;

      case 0x85: this.write(this.zeroPage(), this.a); break;
      case 0x95: this.write(this.zeroPageIndexed(this.x), this.a); break;
      case 0x8d: this.write(this.absolute(), this.a); break;
      case 0x9d: this.write(this.absoluteIndexedWrite(this.x), this.a); break;
      case 0x99: this.write(this.absoluteIndexedWrite(this.y), this.a); break;
      case 0x81: this.write(this.indexedIndirect(), this.a); break;
      case 0x91: this.write(this.indirectIndexedWrite(), this.a); break;

      case 0x86: this.write(this.zeroPage(), this.x); break;
      case 0x96: this.write(this.zeroPageIndexed(this.y), this.x); break;
      case 0x8e: this.write(this.absolute(), this.x); break;

      case 0x84: this.write(this.zeroPage(), this.y); break;
      case 0x94: this.write(this.zeroPageIndexed(this.x), this.y); break;
      case 0x8c: this.write(this.absolute(), this.y); break;

      // Transfers and stack.
      case 0xaa: this.idle(); this.ldx(this.a); break;
      case 0xa8: this.idle(); this.ldy(this.a); break;
      case 0x8a: this.idle(); this.lda(this.x); break;
      case 0x98: this.idle(); this.lda(this.y); break;
      case 0xba: this.idle(); this.ldx(this.s); break;
      case 0x9a: this.idle(); this.s = this.x; break;
      case 0x48: this.idle(); this.push(this.a); break;
      case 0x08: this.idle(); this.push(this.p | FLAG_B); break;
      case 0x68: {
        this.idle();
        this.read(STACK_PAGE | this.s);
        this.lda(this.pull());
        break;
      }
      case 0x28: {
        this.idle();
        this.read(STACK_PAGE | this.s);
        this.p = this.pull();
        break;
      }

      // Logic and arithmetic.
      case 0x09: this.ora(this.fetch()); break;
      case 0x05: this.ora(this.read(this.zeroPage())); break;
      case 0x15: this.ora(this.read(this.zeroPageIndexed(this.x))); break;
      case 0x0d: this.ora(this.read(this.absolute())); break;
      case 0x1d: this.ora(this.read(this.absoluteIndexedRead(this.x))); break;
      case 0x19: this.ora(this.read(this.absoluteIndexedRead(this.y))); break;
      case 0x01: this.ora(this.read(this.indexedIndirect())); break;
      case 0x11: this.ora(this.read(this.indirectIndexedRead())); break;

      case 0x29: this.and(this.fetch()); break;
      case 0x25: this.and(this.read(this.zeroPage())); break;
      case 0x35: this.and(this.read(this.zeroPageIndexed(this.x))); break;
      case 0x2d: this.and(this.read(this.absolute())); break;
      case 0x3d: this.and(this.read(this.absoluteIndexedRead(this.x))); break;
      case 0x39: this.and(this.read(this.absoluteIndexedRead(this.y))); break;
      case 0x21: this.and(this.read(this.indexedIndirect())); break;
      case 0x31: this.and(this.read(this.indirectIndexedRead())); break;

      case 0x49: this.eor(this.fetch()); break;
      case 0x45: this.eor(this.read(this.zeroPage())); break;
      case 0x55: this.eor(this.read(this.zeroPageIndexed(this.x))); break;
      case 0x4d: this.eor(this.read(this.absolute())); break;
      case 0x5d: this.eor(this.read(this.absoluteIndexedRead(this.x))); break;
      case 0x59: this.eor(this.read(this.absoluteIndexedRead(this.y))); break;
      case 0x41: this.eor(this.read(this.indexedIndirect())); break;
      case 0x51: this.eor(this.read(this.indirectIndexedRead())); break;

      case 0x69: this.adc(this.fetch()); break;
      case 0x65: this.adc(this.read(this.zeroPage())); break;
      case 0x75: this.adc(this.read(this.zeroPageIndexed(this.x))); break;
      case 0x6d: this.adc(this.read(this.absolute())); break;
      case 0x7d: this.adc(this.read(this.absoluteIndexedRead(this.x))); break;
      case 0x79: this.adc(this.read(this.absoluteIndexedRead(this.y))); break;
      case 0x61: this.adc(this.read(this.indexedIndirect())); break;
      case 0x71: this.adc(this.read(this.indirectIndexedRead())); break;

      case 0xe9:
      case 0xeb: this.sbc(this.fetch()); break;
      case 0xe5: this.sbc(this.read(this.zeroPage())); break;
      case 0xf5: this.sbc(this.read(this.zeroPageIndexed(this.x))); break;
      case 0xed: this.sbc(this.read(this.absolute())); break;
      case 0xfd: this.sbc(this.read(this.absoluteIndexedRead(this.x))); break;
      case 0xf9: this.sbc(this.read(this.absoluteIndexedRead(this.y))); break;
      case 0xe1: this.sbc(this.read(this.indexedIndirect())); break;
      case 0xf1: this.sbc(this.read(this.indirectIndexedRead())); break;

      case 0xc9: this.compare(this.a, this.fetch()); break;
      case 0xc5: this.compare(this.a, this.read(this.zeroPage())); break;
      case 0xd5: this.compare(this.a, this.read(this.zeroPageIndexed(this.x))); break;
      case 0xcd: this.compare(this.a, this.read(this.absolute())); break;
      case 0xdd: this.compare(this.a, this.read(this.absoluteIndexedRead(this.x))); break;
      case 0xd9: this.compare(this.a, this.read(this.absoluteIndexedRead(this.y))); break;
      case 0xc1: this.compare(this.a, this.read(this.indexedIndirect())); break;
      case 0xd1: this.compare(this.a, this.read(this.indirectIndexedRead())); break;

      case 0xe0: this.compare(this.x, this.fetch()); break;
      case 0xe4: this.compare(this.x, this.read(this.zeroPage())); break;
      case 0xec: this.compare(this.x, this.read(this.absolute())); break;
      case 0xc0: this.compare(this.y, this.fetch()); break;
      case 0xc4: this.compare(this.y, this.read(this.zeroPage())); break;
      case 0xcc: this.compare(this.y, this.read(this.absolute())); break;

      case 0x24: this.bit(this.read(this.zeroPage())); break;
      case 0x2c: this.bit(this.read(this.absolute())); break;

      // Increments and decrements of registers.
      case 0xe8: this.idle(); this.ldx((this.x + 1) & 0xff); break;
      case 0xc8: this.idle(); this.ldy((this.y + 1) & 0xff); break;
      case 0xca: this.idle(); this.ldx((this.x - 1) & 0xff); break;
      case 0x88: this.idle(); this.ldy((this.y - 1) & 0xff); break;

      // Shifts and rotates on A.
      case 0x0a: this.idle(); this.a = this.asl(this.a); break;
      case 0x4a: this.idle(); this.a = this.lsr(this.a); break;
      case 0x2a: this.idle(); this.a = this.rol(this.a); break;
      case 0x6a: this.idle(); this.a = this.ror(this.a); break;

      // Read-modify-write on memory.
      case 0x06: { const ad = this.zeroPage(); this.write(ad, this.asl(this.readModify(ad))); break; }
      case 0x16: { const ad = this.zeroPageIndexed(this.x); this.write(ad, this.asl(this.readModify(ad))); break; }
      case 0x0e: { const ad = this.absolute(); this.write(ad, this.asl(this.readModify(ad))); break; }
      case 0x1e: { const ad = this.absoluteIndexedWrite(this.x); this.write(ad, this.asl(this.readModify(ad))); break; }
      case 0x46: { const ad = this.zeroPage(); this.write(ad, this.lsr(this.readModify(ad))); break; }
      case 0x56: { const ad = this.zeroPageIndexed(this.x); this.write(ad, this.lsr(this.readModify(ad))); break; }
      case 0x4e: { const ad = this.absolute(); this.write(ad, this.lsr(this.readModify(ad))); break; }
      case 0x5e: { const ad = this.absoluteIndexedWrite(this.x); this.write(ad, this.lsr(this.readModify(ad))); break; }
      case 0x26: { const ad = this.zeroPage(); this.write(ad, this.rol(this.readModify(ad))); break; }
      case 0x36: { const ad = this.zeroPageIndexed(this.x); this.write(ad, this.rol(this.readModify(ad))); break; }
      case 0x2e: { const ad = this.absolute(); this.write(ad, this.rol(this.readModify(ad))); break; }
      case 0x3e: { const ad = this.absoluteIndexedWrite(this.x); this.write(ad, this.rol(this.readModify(ad))); break; }
      case 0x66: { const ad = this.zeroPage(); this.write(ad, this.ror(this.readModify(ad))); break; }
      case 0x76: { const ad = this.zeroPageIndexed(this.x); this.write(ad, this.ror(this.readModify(ad))); break; }
      case 0x6e: { const ad = this.absolute(); this.write(ad, this.ror(this.readModify(ad))); break; }
      case 0x7e: { const ad = this.absoluteIndexedWrite(this.x); this.write(ad, this.ror(this.readModify(ad))); break; }
      case 0xe6: { const ad = this.zeroPage(); this.write(ad, this.inc(this.readModify(ad))); break; }
      case 0xf6: { const ad = this.zeroPageIndexed(this.x); this.write(ad, this.inc(this.readModify(ad))); break; }
      case 0xee: { const ad = this.absolute(); this.write(ad, this.inc(this.readModify(ad))); break; }
      case 0xfe: { const ad = this.absoluteIndexedWrite(this.x); this.write(ad, this.inc(this.readModify(ad))); break; }
      case 0xc6: { const ad = this.zeroPage(); this.write(ad, this.dec(this.readModify(ad))); break; }
      case 0xd6: { const ad = this.zeroPageIndexed(this.x); this.write(ad, this.dec(this.readModify(ad))); break; }
      case 0xce: { const ad = this.absolute(); this.write(ad, this.dec(this.readModify(ad))); break; }
      case 0xde: { const ad = this.absoluteIndexedWrite(this.x); this.write(ad, this.dec(this.readModify(ad))); break; }

      // Flags.
      case 0x18: this.idle(); this.carry = 0; break;
      case 0x38: this.idle(); this.carry = 1; break;
      case 0x58: this.idle(); this.interruptDisable = false; break;
      case 0x78: this.idle(); this.interruptDisable = true; break;
      case 0xd8: this.idle(); this.decimal = false; break;
      case 0xf8: this.idle(); this.decimal = true; break;
      case 0xb8: this.idle(); this.overflow = 0; break;

      // Branches and jumps.
      case 0x10: this.branch((this.negative & 0x80) == 0); break;
      case 0x30: this.branch((this.negative & 0x80) != 0); break;
      case 0x50: this.branch(this.overflow == 0); break;
      case 0x70: this.branch(this.overflow != 0); break;
      case 0x90: this.branch(this.carry == 0); break;
      case 0xb0: this.branch(this.carry != 0); break;
      case 0xd0: this.branch(this.zero != 0); break;
      case 0xf0: this.branch(this.zero == 0); break;
      case 0x4c: this.pc = this.absolute(); break;
      case 0x6c: this.jmpIndirect(); break;
      case 0x20: this.jsr(); break;
      case 0x60: this.rts(); break;
      case 0x40: this.rti(); break;
      case 0x00: this.brk(); break;

      // NOPs, documented and not. Each makes the reads of its mode.
      case 0xea: case 0x1a: case 0x3a: case 0x5a: case 0x7a: case 0xda: case 0xfa:
        this.idle();
        break;
      case 0x80: case 0x82: case 0x89: case 0xc2: case 0xe2:
        this.fetch();
        break;
      case 0x04: case 0x44: case 0x64:
        this.read(this.zeroPage());
        break;
      case 0x14: case 0x34: case 0x54: case 0x74: case 0xd4: case 0xf4:
        this.read(this.zeroPageIndexed(this.x));
        break;
      case 0x0c:
        this.read(this.absolute());
        break;
      case 0x1c: case 0x3c: case 0x5c: case 0x7c: case 0xdc: case 0xfc:
        this.read(this.absoluteIndexedRead(this.x));
        break;

      // Undocumented: LAX and SAX.
      case 0xa7: {
        const address = this.zeroPage();
        // Stella's cycle table gives LAX zp 4 cycles instead of 3.
        if (this.aleCompatible) this.bus.cycles++;
        this.lda(this.read(address));
        this.x = this.a;
        break;
      }
      case 0xb7: this.lda(this.read(this.zeroPageIndexed(this.y))); this.x = this.a; break;
      case 0xaf: this.lda(this.read(this.absolute())); this.x = this.a; break;
      case 0xbf: this.lda(this.read(this.absoluteIndexedRead(this.y))); this.x = this.a; break;
      case 0xa3: this.lda(this.read(this.indexedIndirect())); this.x = this.a; break;
      case 0xb3: this.lda(this.read(this.indirectIndexedRead())); this.x = this.a; break;
      case 0x87: this.write(this.zeroPage(), this.a & this.x); break;
      case 0x97: this.write(this.zeroPageIndexed(this.y), this.a & this.x); break;
      case 0x8f: this.write(this.absolute(), this.a & this.x); break;
      case 0x83: this.write(this.indexedIndirect(), this.a & this.x); break;

      // Undocumented read-modify-write combinations.
      case 0x07: { const ad = this.zeroPage(); this.sloAt(ad); break; }
      case 0x17: { const ad = this.zeroPageIndexed(this.x); this.sloAt(ad); break; }
      case 0x0f: { const ad = this.absolute(); this.sloAt(ad); break; }
      case 0x1f: { const ad = this.absoluteIndexedWrite(this.x); this.sloAt(ad); break; }
      case 0x1b: { const ad = this.absoluteIndexedWrite(this.y); this.sloAt(ad); break; }
      case 0x03: { const ad = this.indexedIndirect(); this.sloAt(ad); break; }
      case 0x13: { const ad = this.indirectIndexedWrite(); this.sloAt(ad); break; }

      case 0x27: { const ad = this.zeroPage(); this.rlaAt(ad); break; }
      case 0x37: { const ad = this.zeroPageIndexed(this.x); this.rlaAt(ad); break; }
      case 0x2f: { const ad = this.absolute(); this.rlaAt(ad); break; }
      case 0x3f: { const ad = this.absoluteIndexedWrite(this.x); this.rlaAt(ad); break; }
      case 0x3b: { const ad = this.absoluteIndexedWrite(this.y); this.rlaAt(ad); break; }
      case 0x23: { const ad = this.indexedIndirect(); this.rlaAt(ad); break; }
      case 0x33: { const ad = this.indirectIndexedWrite(); this.rlaAt(ad); break; }

      case 0x47: { const ad = this.zeroPage(); this.sreAt(ad); break; }
      case 0x57: { const ad = this.zeroPageIndexed(this.x); this.sreAt(ad); break; }
      case 0x4f: { const ad = this.absolute(); this.sreAt(ad); break; }
      case 0x5f: { const ad = this.absoluteIndexedWrite(this.x); this.sreAt(ad); break; }
      case 0x5b: { const ad = this.absoluteIndexedWrite(this.y); this.sreAt(ad); break; }
      case 0x43: { const ad = this.indexedIndirect(); this.sreAt(ad); break; }
      case 0x53: { const ad = this.indirectIndexedWrite(); this.sreAt(ad); break; }

      case 0x67: { const ad = this.zeroPage(); this.rraAt(ad); break; }
      case 0x77: { const ad = this.zeroPageIndexed(this.x); this.rraAt(ad); break; }
      case 0x6f: { const ad = this.absolute(); this.rraAt(ad); break; }
      case 0x7f: { const ad = this.absoluteIndexedWrite(this.x); this.rraAt(ad); break; }
      case 0x7b: { const ad = this.absoluteIndexedWrite(this.y); this.rraAt(ad); break; }
      case 0x63: { const ad = this.indexedIndirect(); this.rraAt(ad); break; }
      case 0x73: { const ad = this.indirectIndexedWrite(); this.rraAt(ad); break; }

      case 0xc7: { const ad = this.zeroPage(); this.dcpAt(ad); break; }
      case 0xd7: { const ad = this.zeroPageIndexed(this.x); this.dcpAt(ad); break; }
      case 0xcf: { const ad = this.absolute(); this.dcpAt(ad); break; }
      case 0xdf: { const ad = this.absoluteIndexedWrite(this.x); this.dcpAt(ad); break; }
      case 0xdb: { const ad = this.absoluteIndexedWrite(this.y); this.dcpAt(ad); break; }
      case 0xc3: { const ad = this.indexedIndirect(); this.dcpAt(ad); break; }
      case 0xd3: { const ad = this.indirectIndexedWrite(); this.dcpAt(ad); break; }

      case 0xe7: { const ad = this.zeroPage(); this.isbAt(ad); break; }
      case 0xf7: { const ad = this.zeroPageIndexed(this.x); this.isbAt(ad); break; }
      case 0xef: { const ad = this.absolute(); this.isbAt(ad); break; }
      case 0xff: { const ad = this.absoluteIndexedWrite(this.x); this.isbAt(ad); break; }
      case 0xfb: { const ad = this.absoluteIndexedWrite(this.y); this.isbAt(ad); break; }
      case 0xe3: { const ad = this.indexedIndirect(); this.isbAt(ad); break; }
      case 0xf3: { const ad = this.indirectIndexedWrite(); this.isbAt(ad); break; }

      // Undocumented immediate operations.
      case 0x0b:
      case 0x2b: {
        this.and(this.fetch());
        this.carry = this.a >> 7;
        break;
      }
      case 0x4b: this.a = this.lsr(this.a & this.fetch()); break;
      case 0x6b: this.arr(this.fetch()); break;
      case 0xcb: {
        const value = this.fetch();
        const masked = this.a & this.x;
        this.carry = masked >= value ? 1 : 0;
        this.ldx((masked - value) & 0xff);
        break;
      }
      // ANE and LXA are unstable on real chips; this is the common model
      // with the magic constant $EE.
      case 0x8b: this.lda((this.a | 0xee) & this.x & this.fetch()); break;
      case 0xab: this.lda((this.a | 0xee) & this.fetch()); this.x = this.a; break;
      case 0xbb: {
        const value = this.read(this.absoluteIndexedRead(this.y)) & this.s;
        this.s = value;
        this.x = value;
        this.lda(value);
        break;
      }

      // Undocumented stores ANDed with the high address byte plus one.
      case 0x93: this.storeHigh(this.indirectIndexedWrite(), this.a & this.x); break;
      case 0x9f: this.storeHigh(this.absoluteIndexedWrite(this.y), this.a & this.x); break;
      case 0x9e: this.storeHigh(this.absoluteIndexedWrite(this.y), this.x); break;
      case 0x9c: this.storeHigh(this.absoluteIndexedWrite(this.x), this.y); break;
      case 0x9b: {
        const address = this.absoluteIndexedWrite(this.y);
        this.s = this.a & this.x;
        this.storeHigh(address, this.s);
        break;
      }

      // JAM: 02 12 22 32 42 52 62 72 92 b2 d2 f2.
      default:
        this.jam();
        break;
    }
  }

  private sloAt(address: u32): void {
    const result = this.asl(this.readModify(address));
    this.write(address, result);
    this.ora(result);
  }

  private rlaAt(address: u32): void {
    const result = this.rol(this.readModify(address));
    this.write(address, result);
    this.and(result);
  }

  private sreAt(address: u32): void {
    const result = this.lsr(this.readModify(address));
    this.write(address, result);
    this.eor(result);
  }

  private rraAt(address: u32): void {
    const result = this.ror(this.readModify(address));
    this.write(address, result);
    this.adc(result);
  }

  private dcpAt(address: u32): void {
    const result = (this.readModify(address) - 1) & 0xff;
    this.write(address, result);
    this.compare(this.a, result);
  }

  private isbAt(address: u32): void {
    const result = (this.readModify(address) + 1) & 0xff;
    this.write(address, result);
    this.sbc(result);
  }
}

/** The 6507 on the console bus, ALE-compatible: the console's CPU. */
export class Cpu extends CpuCore<Bus, AleBehaviour> {}

/** The 6507 on the console bus with NMOS hardware behaviour. */
export class HardwareCpu extends CpuCore<Bus, HardwareBehaviour> {}

/** The core on the flat 64 KB test bus with NMOS hardware behaviour. */
export class FlatCpu extends CpuCore<FlatBus, HardwareBehaviour> {}

/** The core on the flat 64 KB test bus, ALE-compatible. */
export class FlatAleCpu extends CpuCore<FlatBus, AleBehaviour> {}
