// Klaus Dormann's 6502 functional test (both builds) and Bruce Clark's
// decimal-mode test, run inside WebAssembly on the flat RAM bus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadWasm, sharedRoot } from "./wasm.ts";

const klausDir = resolve(sharedRoot, "cpu-tests/klaus-dormann");
const skip = !existsSync(klausDir) && "../shared/cpu-tests missing";

const START = 0x0400;
const SUCCESS_TRAP = 0x3469;
const TEST_CASE = 0x0200;
const CYCLE_LIMIT = 100_000_000;

function runFunctionalTest(file: string, loadAddress: number, expectedCycles: number) {
  const w = loadWasm();
  const cpu = w.cpuTestCreate();
  const ram = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  ram.set(readFileSync(resolve(klausDir, file)), loadAddress);
  w.cpuTestSetRegisters(cpu, START, 0xff, 0, 0, 0, 0x24);
  w.cpuTestRunUntilTrap(cpu, CYCLE_LIMIT);
  const pc = w.cpuTestRegister(cpu, 0);
  const after = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  assert.equal(
    pc.toString(16),
    SUCCESS_TRAP.toString(16),
    `trapped at $${pc.toString(16)} in test case ${after[TEST_CASE]}; look it up in ${file.replace(".bin", ".lst")}`,
  );
  assert.equal(after[TEST_CASE], 0xf0);
  // The trap is a JMP to itself, taken once before the loop is detected.
  assert.equal(w.cpuTestCycles(cpu), expectedCycles + 3);
  assert.equal(w.cpuTestRegister(cpu, 2), 0xf0);
  assert.equal(w.cpuTestRegister(cpu, 3), 0x0e);
  assert.equal(w.cpuTestRegister(cpu, 4), 0xff);
  assert.equal(w.cpuTestRegister(cpu, 1), 0xff);
}

test("Klaus functional test 2017 build", { skip }, () => {
  runFunctionalTest("6502_functional_test.bin", 0x0000, 96_241_364);
});

test("Klaus functional test 2020 build", { skip }, () => {
  runFunctionalTest("6502_functional_test_v2020.bin", 0x000a, 96_247_422);
});

test("Bruce Clark decimal test", { skip }, () => {
  const DONE = 0x024b;
  const ERROR = 0x000b;
  const w = loadWasm();
  const cpu = w.cpuTestCreate();
  const ram = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  ram.set(readFileSync(resolve(klausDir, "6502_decimal_test.bin")), 0x0200);
  w.cpuTestSetRegisters(cpu, 0x0200, 0xfd, 0, 0, 0, 0x24);
  const instructions = w.cpuTestRunUntilPc(cpu, DONE, 50_000_000);
  assert.equal(w.cpuTestRegister(cpu, 0), DONE, "did not reach DONE within 50 M cycles");
  const after = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  assert.equal(after[ERROR], 0, `decimal test failed: N1=${after[0]} N2=${after[1]} Y=${w.cpuTestRegister(cpu, 4)}`);
  assert.equal(instructions, 14_464_187);
  assert.equal(w.cpuTestCycles(cpu), 46_089_505);
});
