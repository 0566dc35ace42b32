// Tom Harte's single-step tests for the NMOS 6502 (300 cases per opcode):
// registers, memory, cycle count and every bus access of each case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { resolve } from "node:path";
import { loadWasm, sharedRoot } from "./wasm.ts";

const harteDir = resolve(sharedRoot, "cpu-tests/harte-6502/v1");

// The data models JAM as three accesses with the PC left on the opcode; on a
// 2600 it halts the CPU, so only registers and memory are compared.
const JAM = new Set([0x02, 0x12, 0x22, 0x32, 0x42, 0x52, 0x62, 0x72, 0x92, 0xb2, 0xd2, 0xf2]);

interface State {
  pc: number; s: number; a: number; x: number; y: number; p: number;
  ram: [number, number][];
}
interface Case {
  name: string;
  initial: State;
  final: State;
  cycles: [number, number, string][];
}

const hex = (n: number, digits = 2) => n.toString(16).padStart(digits, "0");

type Wasm = ReturnType<typeof loadWasm>;

/** How a case executes its instruction: CpuCore.step() or CpuCore.run(1). */
type Execute = (w: Wasm, cpu: number) => number;
const viaStep: Execute = (w, cpu) => w.cpuTestStep(cpu);
const viaRun: Execute = (w, cpu) => w.cpuTestRun(cpu);

function setUp(w: Wasm, cpu: number, c: Case): void {
  const ram = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  for (const [address, value] of c.initial.ram) ram[address] = value;
  const i = c.initial;
  w.cpuTestSetRegisters(cpu, i.pc, i.s, i.a, i.x, i.y, i.p);
}

function clearRam(w: Wasm, cpu: number, c: Case): void {
  const ram = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  for (const [address] of c.initial.ram) ram[address] = 0;
  for (const [address] of c.final.ram) ram[address] = 0;
}

function runCase(w: Wasm, cpu: number, c: Case, opcode: number, execute: Execute = viaStep): string | null {
  setUp(w, cpu, c);
  const cycles = execute(w, cpu);

  const f = c.final;
  const registers: [string, number, number][] = [
    ["PC", w.cpuTestRegister(cpu, 0), f.pc],
    ["S", w.cpuTestRegister(cpu, 1), f.s],
    ["A", w.cpuTestRegister(cpu, 2), f.a],
    ["X", w.cpuTestRegister(cpu, 3), f.x],
    ["Y", w.cpuTestRegister(cpu, 4), f.y],
    ["P", w.cpuTestRegister(cpu, 5), f.p],
  ];
  for (const [name, got, want] of registers) {
    if (got !== want) return `${name} = ${hex(got)}, expected ${hex(want)}`;
  }
  const after = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  for (const [address, value] of f.ram) {
    if (after[address] !== value) {
      return `RAM[${hex(address, 4)}] = ${hex(after[address])}, expected ${hex(value)}`;
    }
  }
  // Leave the RAM clean for the next case.
  clearRam(w, cpu, c);

  if (JAM.has(opcode)) {
    return w.cpuTestRegister(cpu, 6) === 1 ? null : "JAM did not halt the CPU";
  }
  if (cycles !== c.cycles.length) return `took ${cycles} cycles, expected ${c.cycles.length}`;
  const logLength = w.cpuTestLogLength(cpu);
  for (let n = 0; n < c.cycles.length; n++) {
    const [address, value, kind] = c.cycles[n];
    const got = n < logLength
      ? [w.cpuTestLogEntry(cpu, n, 0), w.cpuTestLogEntry(cpu, n, 1), w.cpuTestLogEntry(cpu, n, 2) ? "write" : "read"]
      : ["none", 0, "none"];
    if (got[0] !== address || got[1] !== value || got[2] !== kind) {
      return `cycle ${n + 1}: ${got[2]} ${hex(Number(got[0]), 4)}=${hex(Number(got[1]))}, expected ${kind} ${hex(address, 4)}=${hex(value)}`;
    }
  }
  return null;
}

/** Returns the cases of one opcode, or null when its file is missing. */
function readCases(opcode: number): Case[] | null {
  const file = resolve(harteDir, `${hex(opcode)}.json.gz`);
  if (!existsSync(file)) return null;
  return JSON.parse(gunzipSync(readFileSync(file)).toString()) as Case[];
}

/** Runs `check` on every case; returns the case count and the first failure per opcode. */
function checkAllCases(check: (c: Case, opcode: number) => string | null): { total: number; failures: string[] } {
  const failures: string[] = [];
  let total = 0;
  for (let opcode = 0; opcode < 256; opcode++) {
    const cases = readCases(opcode);
    if (cases === null) continue;
    let failed = 0;
    for (const c of cases) {
      total++;
      const error = check(c, opcode);
      if (error && failed++ === 0) failures.push(`opcode ${hex(opcode)} case "${c.name}": ${error}`);
    }
    if (failed > 1) failures[failures.length - 1] += ` (and ${failed - 1} more cases)`;
  }
  return { total, failures };
}

const skipHarte = { skip: !existsSync(harteDir) && "../shared/cpu-tests missing" };

test("Harte single-step cases pass", skipHarte, () => {
  const w = loadWasm();
  const cpu = w.cpuTestCreate();
  const { total, failures } = checkAllCases((c, opcode) => runCase(w, cpu, c, opcode));
  assert.equal(total, 76500, "expected 255 files of 300 cases");
  assert.deepEqual(failures, []);
});

// run() has its own decoder for the common opcodes (the console's fast
// path), so the same cases go through it too.
test("Harte cases pass through run()", skipHarte, () => {
  const w = loadWasm();
  const cpu = w.cpuTestCreate();
  const { total, failures } = checkAllCases((c, opcode) => runCase(w, cpu, c, opcode, viaRun));
  assert.equal(total, 76500, "expected 255 files of 300 cases");
  assert.deepEqual(failures, []);
});

/** Cycles, registers and bus accesses of one instruction, as text. */
function traceInstruction(w: Wasm, cpu: number, c: Case, execute: Execute): string {
  setUp(w, cpu, c);
  const cycles = execute(w, cpu);
  const registers = [0, 1, 2, 3, 4, 5, 6].map((r) => hex(w.cpuTestRegister(cpu, r), 4));
  const accesses: string[] = [];
  for (let n = 0; n < w.cpuTestLogLength(cpu); n++) {
    const kind = w.cpuTestLogEntry(cpu, n, 2) ? "w" : "r";
    accesses.push(`${kind}${hex(w.cpuTestLogEntry(cpu, n, 0), 4)}=${hex(w.cpuTestLogEntry(cpu, n, 1))}`);
  }
  clearRam(w, cpu, c);
  return `${cycles} cycles, PC S A X Y P JAM ${registers.join(" ")}, ${accesses.join(" ")}`;
}

// The ALE-compatible core has no single-step reference data, so run()
// must match step() on every case's starting state: cycles, registers
// and every bus access.
test("ALE-mode run() matches step()", skipHarte, () => {
  const w = loadWasm();
  const stepped = w.cpuTestCreateAle();
  const ran = w.cpuTestCreateAle();
  const { total, failures } = checkAllCases((c) => {
    const expected = traceInstruction(w, stepped, c, viaStep);
    const got = traceInstruction(w, ran, c, viaRun);
    return got === expected ? null : `run(): ${got}; step(): ${expected}`;
  });
  assert.equal(total, 76500, "expected 255 files of 300 cases");
  assert.deepEqual(failures, []);
});

test("opcode table cycles match execution", { skip: !existsSync(harteDir) && "../shared/cpu-tests missing" }, () => {
  // Each file's first case without an extra cycle must take the table's count.
  const w = loadWasm();
  const cpu = w.cpuTestCreate();
  const mismatches: string[] = [];
  for (let opcode = 0; opcode < 256; opcode++) {
    const file = resolve(harteDir, `${hex(opcode)}.json.gz`);
    if (!existsSync(file) || JAM.has(opcode)) continue;
    const cases = JSON.parse(gunzipSync(readFileSync(file)).toString()) as Case[];
    const base = w.cpuOpcodeCycles(opcode);
    const lengths = cases.map((c) => c.cycles.length);
    if (Math.min(...lengths) !== base) {
      mismatches.push(`${hex(opcode)}: table ${base}, fewest in data ${Math.min(...lengths)}`);
    }
  }
  assert.deepEqual(mismatches, []);
  void cpu;
});
