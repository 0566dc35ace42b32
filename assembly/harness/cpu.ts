// WebAssembly exports for the CPU test suites: a Cpu on a flat 64 KB RAM bus
// with an access log. Handles index a list that keeps the objects alive.

import { FlatBus } from "../bus";
import { FlatCpu } from "../cpu/cpu";
import { opcodeCycles } from "../cpu/opcodes";

const testCpus = new Array<FlatCpu>();

@inline
function testCpu(handle: i32): FlatCpu {
  return unchecked(testCpus[handle]);
}

/** Creates a hardware-behaviour CPU on a flat RAM bus; returns its handle. */
export function cpuTestCreate(): i32 {
  testCpus.push(new FlatCpu(new FlatBus()));
  return testCpus.length - 1;
}

/** Creates an ALE-compatible CPU on a flat RAM bus; returns its handle. */
export function cpuTestCreateAle(): i32 {
  testCpus.push(new FlatCpu(new FlatBus(), true));
  return testCpus.length - 1;
}

/** Returns the address of the bus's 64 KB of RAM in linear memory. */
export function cpuTestRam(handle: i32): usize {
  return changetype<usize>(testCpu(handle).bus.ram);
}

export function cpuTestSetRegisters(
  handle: i32, pc: u32, s: u32, a: u32, x: u32, y: u32, p: u32,
): void {
  const cpu = testCpu(handle);
  cpu.pc = pc;
  cpu.s = s;
  cpu.a = a;
  cpu.x = x;
  cpu.y = y;
  cpu.p = p;
  cpu.jammed = false;
}

/** Returns register 0 PC, 1 S, 2 A, 3 X, 4 Y, 5 P or 6 the JAM flag. */
export function cpuTestRegister(handle: i32, register: i32): u32 {
  const cpu = testCpu(handle);
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
  const cpu = testCpu(handle);
  cpu.bus.startLog(true);
  return cpu.step();
}

export function cpuTestLogLength(handle: i32): i32 {
  return testCpu(handle).bus.logLength;
}

/** Returns field 0 address, 1 value or 2 direction (1 = write) of entry i. */
export function cpuTestLogEntry(handle: i32, index: i32, field: i32): u32 {
  return testCpu(handle).bus.log[index * 3 + field];
}

/** Returns the bus cycle counter. */
export function cpuTestCycles(handle: i32): f64 {
  return <f64>testCpu(handle).bus.cycles;
}

/**
 * Runs with the log off until an instruction leaves the PC where it was (a
 * trap loop or JAM) or `maxCycles` pass; returns the instructions executed.
 */
export function cpuTestRunUntilTrap(handle: i32, maxCycles: f64): f64 {
  const cpu = testCpu(handle);
  const bus = cpu.bus;
  bus.startLog(false);
  const limit = <u64>maxCycles;
  let instructions: u64 = 0;
  while (bus.cycles < limit) {
    const pc = cpu.pc;
    cpu.step();
    instructions++;
    if (cpu.pc == pc) break;
  }
  return <f64>instructions;
}

/**
 * Runs with the log off until the PC equals `stopPc` (before executing it)
 * or `maxCycles` pass; returns the instructions executed.
 */
export function cpuTestRunUntilPc(handle: i32, stopPc: u32, maxCycles: f64): f64 {
  const cpu = testCpu(handle);
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
