// The 6532 RIOT: 128 bytes of RAM, the interval timer and the two I/O ports
// (SWCHA joysticks, SWCHB console switches), as ALE 0.12.1's Stella 2.4.2
// core emulates them.
//
// The timer is computed on demand from the cycle of the last TIMxT write.
// INTIM reads `written - elapsed / prescaler - 1` until it passes zero. After
// that it counts down once per cycle. The first INTIM read at least two
// cycles after the underflow latches the interrupt, so TIMINT then reads 0.
// From then on INTIM falls at the prescaled rate again, from an offset that
// depends on how late that read came. A TIMxT write clears the latch.
// Arithmetic is on 32-bit cycle counts, as in Stella.

import { Bus } from "../bus";
import { Controls } from "../controls";
import { Mt19937 } from "../random";

const RAM_SIZE: i32 = 128;

// Register decode on the low address bits.
const REGISTER_MASK: u32 = 0b0_0111;
const TIMER_WRITE_MASK: u32 = 0b1_0111;
const TIMER_WRITE: u32 = 0b1_0100;
const INTERRUPT_FLAG: u32 = 0b1000_0000;

// log2 of the prescaler for TIM1T, TIM8T, TIM64T and T1024T.
const PRESCALER_SHIFTS: StaticArray<u32> = [0, 3, 6, 10];

/** Bytes written by Riot.saveState. */
export const RIOT_STATE_SIZE: i32 = RAM_SIZE + 24;

export class Riot {
  ram: StaticArray<u8> = new StaticArray<u8>(RAM_SIZE);
  bus: Bus;
  controls: Controls;
  random: Mt19937;

  /** Value last written to TIMxT. */
  timer: u32 = 0;
  /** log2 of the prescaler selected by the last TIMxT write. */
  shift: u32 = 6;
  /** Low 32 bits of Bus.cycles at the last TIMxT write (or reset). */
  timerSetCycle: u32 = 0;
  /** Low 32 bits of Bus.cycles at the INTIM read that latched the interrupt. */
  interruptReadCycle: u32 = 0;
  /** Set by the first INTIM read after the underflow. */
  readAfterInterrupt: bool = false;
  ddra: u32 = 0;
  ddrb: u32 = 0;

  /**
   * Creates the RIOT with power-on RAM from 128 draws of `random` (the low
   * byte of each), then resets it, which draws once more for the timer.
   */
  constructor(bus: Bus, controls: Controls, random: Mt19937) {
    this.bus = bus;
    this.controls = controls;
    this.random = random;
    for (let i = 0; i < RAM_SIZE; i++) {
      this.ram[i] = <u8>random.next();
    }
    this.reset();
  }

  /**
   * Resets the timer to `25 + draw % 75` with the 64-cycle prescaler, as of
   * the current bus cycle, and clears the data direction registers. RAM is
   * kept, as in ALE.
   */
  reset(): void {
    this.timer = 25 + (this.random.next() % 75);
    this.shift = 6;
    this.timerSetCycle = <u32>this.bus.cycles;
    this.interruptReadCycle = 0;
    this.readAfterInterrupt = false;
    this.ddra = 0;
    this.ddrb = 0;
  }

  /** Reads a register; `address` has A7 and A9 set (RAM is not decoded here). */
  read(address: u32): u32 {
    switch (address & REGISTER_MASK) {
      // ALE reads the port pins directly: output bits set through the data
      // direction registers do not show in SWCHA or SWCHB.
      case 0:
        return this.controls.swcha;
      case 1:
        return this.ddra;
      case 2:
        return this.controls.swchb;
      case 3:
        return this.ddrb;
      case 4:
      case 6:
        return this.readTimer();
      default:
        return this.readInterruptFlag();
    }
  }

  /** Writes a register; `address` has A7 and A9 set. */
  write(address: u32, value: u32): void {
    const register = address & REGISTER_MASK;
    if (register == 1) {
      this.ddra = value;
    } else if (register == 0 || register == 2 || register == 3) {
      // Joystick outputs have nothing to drive; SWCHB and its data
      // direction register ignore writes in ALE's core.
    } else if ((address & TIMER_WRITE_MASK) >= TIMER_WRITE) {
      this.timer = value;
      this.shift = PRESCALER_SHIFTS[address & 0b11];
      this.timerSetCycle = <u32>this.bus.cycles;
      this.readAfterInterrupt = false;
    }
    // The remaining addresses set the PA7 edge-detect mode, which nothing
    // on the 2600 uses.
  }

  private readTimer(): u32 {
    const now = <u32>this.bus.cycles;
    const elapsed = now - 1 - this.timerSetCycle;
    const value = <i32>this.timer - <i32>(elapsed >> this.shift) - 1;
    if (value >= 0) return <u32>value & 0xff;

    const perCycle = <i32>(this.timer << this.shift) - <i32>elapsed - 1;
    if (perCycle <= -2 && !this.readAfterInterrupt) {
      this.readAfterInterrupt = true;
      this.interruptReadCycle = now;
    }
    if (!this.readAfterInterrupt) return <u32>perCycle & 0xff;

    const offset = <i32>(
      this.interruptReadCycle -
      (this.timerSetCycle + (this.timer << this.shift))
    );
    const slow = <i32>this.timer - <i32>(elapsed >> this.shift) - offset;
    return <u32>slow & 0xff;
  }

  /**
   * Returns how many INTIM reads, `period` cycles apart and after the read
   * at `readCycle`, come before the first that returns 0, that one
   * included, at most `max`. Returns 0 unless the read at `readCycle` was
   * above 0 before the underflow and the prescaler is at least `period`
   * cycles. Only then does every read return the next count down, with no
   * side effect, until one returns 0.
   */
  readsUntilZero(readCycle: u64, period: u32, max: i32): i32 {
    if ((<u32>1 << this.shift) < period) return 0;
    const elapsed = <u32>readCycle - 1 - this.timerSetCycle;
    const value = <i32>this.timer - <i32>(elapsed >> this.shift) - 1;
    if (value <= 0) return 0;
    // INTIM reads 0 once elapsed >> shift reaches timer - 1.
    const zeroAt = (this.timer - 1) << this.shift;
    const reads = <i32>((zeroAt - elapsed + period - 1) / period);
    return min(reads, max);
  }

  private readInterruptFlag(): u32 {
    const elapsed = <u32>this.bus.cycles - 1 - this.timerSetCycle;
    const value = <i32>this.timer - <i32>(elapsed >> this.shift) - 1;
    return value >= 0 || this.readAfterInterrupt ? 0 : INTERRUPT_FLAG;
  }

  /** Writes RAM and timer state to `RIOT_STATE_SIZE` bytes at `pointer`. */
  saveState(pointer: usize): void {
    memory.copy(pointer, changetype<usize>(this.ram), RAM_SIZE);
    const p = pointer + RAM_SIZE;
    store<u32>(p, this.timer);
    store<u32>(p, this.shift, 4);
    store<u32>(p, this.timerSetCycle, 8);
    store<u32>(p, this.interruptReadCycle, 12);
    store<u8>(p, this.readAfterInterrupt ? 1 : 0, 16);
    store<u8>(p, <u8>this.ddra, 17);
    store<u8>(p, <u8>this.ddrb, 18);
  }

  /** Reads state written by saveState. */
  loadState(pointer: usize): void {
    memory.copy(changetype<usize>(this.ram), pointer, RAM_SIZE);
    const p = pointer + RAM_SIZE;
    this.timer = load<u32>(p);
    this.shift = load<u32>(p, 4);
    this.timerSetCycle = load<u32>(p, 8);
    this.interruptReadCycle = load<u32>(p, 12);
    this.readAfterInterrupt = load<u8>(p, 16) != 0;
    this.ddra = load<u8>(p, 17);
    this.ddrb = load<u8>(p, 18);
  }
}
