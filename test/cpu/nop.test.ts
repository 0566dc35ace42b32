// The undocumented absolute NOPs, which the single-step data gets wrong:
// NOP abs ($0C) reads its operand address, and NOP abs,X adds a cycle and a
// dummy read on a page crossing, exactly like LDA abs,X.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadWasm } from "./wasm.ts";

const w = loadWasm();

function run(program: number[], x: number, memory: [number, number][] = []) {
  const cpu = w.cpuTestCreate();
  const ram = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  ram.set(program, 0x0200);
  for (const [address, value] of memory) ram[address] = value;
  w.cpuTestSetRegisters(cpu, 0x0200, 0xfd, 0x11, x, 0x33, 0x24);
  const cycles = w.cpuTestStep(cpu);
  const log: string[] = [];
  for (let i = 0; i < w.cpuTestLogLength(cpu); i++) {
    const kind = w.cpuTestLogEntry(cpu, i, 2) ? "write" : "read";
    log.push(`${kind} ${w.cpuTestLogEntry(cpu, i, 0).toString(16)}=${w.cpuTestLogEntry(cpu, i, 1).toString(16)}`);
  }
  const registers = [0, 1, 2, 3, 4, 5].map((r) => w.cpuTestRegister(cpu, r));
  return { cycles, log, registers };
}

test("NOP abs reads its operand", () => {
  const { cycles, log, registers } = run([0x0c, 0x34, 0x12], 0, [[0x1234, 0x5a]]);
  assert.equal(cycles, 4);
  assert.deepEqual(log, ["read 200=c", "read 201=34", "read 202=12", "read 1234=5a"]);
  assert.deepEqual(registers, [0x0203, 0xfd, 0x11, 0x00, 0x33, 0x24]);
});

for (const opcode of [0x1c, 0x3c, 0x5c, 0x7c, 0xdc, 0xfc]) {
  test(`NOP abs,X $${opcode.toString(16)} without page crossing`, () => {
    const { cycles, log, registers } = run([opcode, 0x10, 0x12], 0x05, [[0x1215, 0x77]]);
    assert.equal(cycles, 4);
    assert.deepEqual(log, [`read 200=${opcode.toString(16)}`, "read 201=10", "read 202=12", "read 1215=77"]);
    assert.deepEqual(registers, [0x0203, 0xfd, 0x11, 0x05, 0x33, 0x24]);
  });

  test(`NOP abs,X $${opcode.toString(16)} across a page`, () => {
    const { cycles, log } = run([opcode, 0xf0, 0x12], 0x20, [[0x1210, 0x01], [0x1310, 0x02]]);
    assert.equal(cycles, 5);
    assert.deepEqual(log, [
      `read 200=${opcode.toString(16)}`,
      "read 201=f0",
      "read 202=12",
      "read 1210=1",
      "read 1310=2",
    ]);
  });
}
