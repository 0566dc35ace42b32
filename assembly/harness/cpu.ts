// WebAssembly exports for the CPU test suites: the core on a flat 64 KB RAM
// bus with an access log, with hardware behaviour (even handles) or
// ALE-compatible (odd handles). The lists keep the objects alive.

import { FlatBus } from "../bus";
import { FlatAleCpu, FlatCpu } from "../cpu/cpu";
import { opcodeCycles } from "../cpu/opcodes";

const hardwareCpus = new Array<FlatCpu>();
const aleCpus = new Array<FlatAleCpu>();

@inline
function isAle(handle: i32): bool {
  return (handle & 1) != 0;
}

@inline
function hardwareCpu(handle: i32): FlatCpu {
  return unchecked(hardwareCpus[handle >> 1]);
}

@inline
function aleCpu(handle: i32): FlatAleCpu {
  return unchecked(aleCpus[handle >> 1]);
}

function busOf(handle: i32): FlatBus {
  return isAle(handle) ? aleCpu(handle).bus : hardwareCpu(handle).bus;
}

/** Creates a hardware-behaviour CPU on a flat RAM bus; returns its handle. */
export function cpuTestCreate(): i32 {
  hardwareCpus.push(new FlatCpu(new FlatBus()));
  return (hardwareCpus.length - 1) << 1;
}

/** Creates an ALE-compatible CPU on a flat RAM bus; returns its handle. */
export function cpuTestCreateAle(): i32 {
  aleCpus.push(new FlatAleCpu(new FlatBus()));
  return ((aleCpus.length - 1) << 1) | 1;
}

/** Returns the address of the bus's 64 KB of RAM in linear memory. */
export function cpuTestRam(handle: i32): usize {
  return changetype<usize>(busOf(handle).ram);
}

export function cpuTestSetRegisters(
  handle: i32, pc: u32, s: u32, a: u32, x: u32, y: u32, p: u32,
): void {
  if (isAle(handle)) {
    const cpu = aleCpu(handle);
    cpu.pc = pc;
    cpu.s = s;
    cpu.a = a;
    cpu.x = x;
    cpu.y = y;
    cpu.p = p;
    cpu.jammed = false;
  } else {
    const cpu = hardwareCpu(handle);
    cpu.pc = pc;
    cpu.s = s;
    cpu.a = a;
    cpu.x = x;
    cpu.y = y;
    cpu.p = p;
    cpu.jammed = false;
  }
}

/** Returns register 0 PC, 1 S, 2 A, 3 X, 4 Y, 5 P or 6 the JAM flag. */
export function cpuTestRegister(handle: i32, register: i32): u32 {
  if (isAle(handle)) {
    const cpu = aleCpu(handle);
    switch (register) {
      case 0: return cpu.pc;
      case 1: return cpu.s;
      case 2: return cpu.a;
      case 3: return cpu.x;
      case 4: return cpu.y;
      case 5: return cpu.p;
      default: return cpu.jammed ? 1 : 0;
    }
  }
  const cpu = hardwareCpu(handle);
  switch (register) {
    case 0: return cpu.pc;
    case 1: return cpu.s;
    case 2: return cpu.a;
    case 3: return cpu.x;
    case 4: return cpu.y;
    case 5: return cpu.p;
    default: return cpu.jammed ? 1 : 0;
  }
}

/** Executes one instruction with the access log on; returns its cycles. */
export function cpuTestStep(handle: i32): i32 {
  busOf(handle).startLog(true);
  if (isAle(handle)) return aleCpu(handle).step();
  return hardwareCpu(handle).step();
}

/**
 * Executes one instruction through CpuCore.run (the decoder the console
 * uses) with the access log on; returns its cycles.
 */
export function cpuTestRun(handle: i32): i32 {
  const bus = busOf(handle);
  bus.startLog(true);
  const start = bus.cycles;
  if (isAle(handle)) aleCpu(handle).run(1);
  else hardwareCpu(handle).run(1);
  return <i32>(bus.cycles - start);
}

export function cpuTestLogLength(handle: i32): i32 {
  return busOf(handle).logLength;
}

/** Returns field 0 address, 1 value or 2 direction (1 = write) of entry i. */
export function cpuTestLogEntry(handle: i32, index: i32, field: i32): u32 {
  return busOf(handle).log[index * 3 + field];
}

/** Returns the bus cycle counter. */
export function cpuTestCycles(handle: i32): f64 {
  return <f64>busOf(handle).cycles;
}

/**
 * Runs with the log off until an instruction leaves the PC where it was, as
 * a trap loop or JAM does, or until `maxCycles` pass. Returns the number of
 * instructions executed.
 */
export function cpuTestRunUntilTrap(handle: i32, maxCycles: f64): f64 {
  const bus = busOf(handle);
  bus.startLog(false);
  const limit = <u64>maxCycles;
  let instructions: u64 = 0;
  if (isAle(handle)) {
    const cpu = aleCpu(handle);
    while (bus.cycles < limit) {
      const pc = cpu.pc;
      cpu.step();
      instructions++;
      if (cpu.pc == pc) break;
    }
  } else {
    const cpu = hardwareCpu(handle);
    while (bus.cycles < limit) {
      const pc = cpu.pc;
      cpu.step();
      instructions++;
      if (cpu.pc == pc) break;
    }
  }
  return <f64>instructions;
}

/**
 * Runs a hardware-behaviour CPU with the log off until the PC equals
 * `stopPc` (before executing it) or `maxCycles` pass; returns the
 * instructions executed.
 */
export function cpuTestRunUntilPc(handle: i32, stopPc: u32, maxCycles: f64): f64 {
  const cpu = hardwareCpu(handle);
  const bus = cpu.bus;
  bus.startLog(false);
  const limit = <u64>maxCycles;
  let instructions: u64 = 0;
  while (cpu.pc != stopPc && bus.cycles < limit) {
    cpu.step();
    instructions++;
  }
  return <f64>instructions;
}

/** Returns the base cycle count of `opcode` from the opcode table. */
export function cpuOpcodeCycles(opcode: u32): i32 {
  return opcodeCycles(opcode);
}
