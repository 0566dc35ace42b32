// The CPU's ALE-compatible mode, which reproduces ALE 0.12.1's CPU core
// (Stella 2.4.2's M6502Low): dummy accesses only count their cycles,
// decimal arithmetic goes through BCD tables, LAX zp takes 4 cycles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadWasm } from "./wasm.ts";

const w = loadWasm();
const FLAG_C = 0x01;
const FLAG_Z = 0x02;
const FLAG_D = 0x08;
const FLAG_V = 0x40;
const FLAG_N = 0x80;

function run(cpu: number, program: number[], registers: { a?: number; x?: number; y?: number; s?: number; p?: number }, memory: [number, number][] = []) {
  const ram = new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000);
  ram.fill(0);
  ram.set(program, 0x1200);
  for (const [address, value] of memory) ram[address] = value;
  w.cpuTestSetRegisters(cpu, 0x1200, registers.s ?? 0xfd, registers.a ?? 0, registers.x ?? 0, registers.y ?? 0, registers.p ?? 0x20);
  const cycles = w.cpuTestStep(cpu);
  const log: string[] = [];
  for (let i = 0; i < w.cpuTestLogLength(cpu); i++) {
    const kind = w.cpuTestLogEntry(cpu, i, 2) ? "w" : "r";
    log.push(`${kind}${w.cpuTestLogEntry(cpu, i, 0).toString(16)}`);
  }
  return { cycles, log, a: w.cpuTestRegister(cpu, 2), p: w.cpuTestRegister(cpu, 5) };
}

const bcdToBinary = (v: number) => (v >> 4) * 10 + (v & 15);
const binaryToBcd = (v: number) => (((v % 100) / 10) << 4) | v % 10;

/** Stella 2.4.2's decimal ADC and SBC, restated from its documented rules. */
function stellaDecimal(subtract: boolean, a: number, m: number, carry: number) {
  let result: number;
  let c: number;
  if (!subtract) {
    const sum = bcdToBinary(a) + bcdToBinary(m) + carry;
    c = sum > 99 ? 1 : 0;
    result = binaryToBcd(sum & 0xff);
  } else {
    const borrow = 1 - carry;
    let difference = bcdToBinary(a) - bcdToBinary(m) - borrow;
    if (difference < 0) difference += 100;
    result = difference >= 0 ? binaryToBcd(difference) : bcdToBinary(256 + difference);
    c = a >= m + borrow ? 1 : 0;
  }
  const v = (a ^ result) & (result ^ m) & 0x80 ? 1 : 0;
  return { result, c, v };
}

for (const [name, opcode, subtract] of [["ADC", 0x69, false], ["SBC", 0xe9, true]] as const) {
  test(`ALE decimal ${name} matches Stella's tables`, () => {
    const cpu = w.cpuTestCreateAle();
    let mismatches = 0;
    let first = "";
    for (let a = 0; a < 256; a++) {
      for (let m = 0; m < 256; m++) {
        for (let carry = 0; carry < 2; carry++) {
          const got = run(cpu, [opcode, m], { a, p: 0x20 | FLAG_D | carry });
          const want = stellaDecimal(subtract, a, m, carry);
          let p = 0x20 | FLAG_D | want.c;
          if (want.result === 0) p |= FLAG_Z;
          if (want.result & 0x80) p |= FLAG_N;
          if (want.v) p |= FLAG_V;
          if (got.a !== want.result || got.p !== p) {
            if (mismatches++ === 0) first = `A=${a} M=${m} C=${carry}: got A=${got.a} P=${got.p}, expected A=${want.result} P=${p}`;
          }
        }
      }
    }
    assert.equal(mismatches, 0, first);
  });
}

test("ALE decimal SBC wraps below the table", () => {
  // $00 - $FF - 1 = -166 + 100 = -66, which Stella reads as entry 190 of
  // the binary half: 11 * 10 + 14 = 124.
  const cpu = w.cpuTestCreateAle();
  const { a, p } = run(cpu, [0xe9, 0xff], { a: 0x00, p: 0x20 | FLAG_D });
  assert.equal(a, 124);
  assert.equal(p & FLAG_C, 0);
});

test("ALE mode skips dummy accesses but counts them", () => {
  const cases: [string, number[], object, number, string[], [number, number][]?][] = [
    ["LDA abs,X across a page", [0xbd, 0xff, 0x10], { x: 1 }, 5, ["r1200", "r1201", "r1202", "r1100"]],
    ["STA abs,X", [0x9d, 0x00, 0x10], { x: 1 }, 5, ["r1200", "r1201", "r1202", "w1001"]],
    ["LDA zp,X", [0xb5, 0x80], { x: 2 }, 4, ["r1200", "r1201", "r82"]],
    ["INC zp", [0xe6, 0x80], {}, 5, ["r1200", "r1201", "r80", "w80"]],
    ["LDA (zp),Y across a page", [0xb1, 0x80], { y: 0x10 }, 6, ["r1200", "r1201", "r80", "r81", "r108"], [[0x80, 0xf8]]],
    ["TAX", [0xaa], {}, 2, ["r1200"]],
    ["PHA", [0x48], {}, 3, ["r1200", "w1fd"]],
    ["PLA", [0x68], {}, 4, ["r1200", "r1fd", "r1fe"]],
    ["JSR", [0x20, 0x34, 0x12], {}, 6, ["r1200", "r1201", "r1fd", "w1fd", "w1fc", "r1202"]],
    ["RTS", [0x60], { s: 0xfb }, 6, ["r1200", "r1fb", "r1fc", "r1fd", "r0"]],
    ["BNE taken across a page", [0xd0, 0x80], { p: 0x20 }, 4, ["r1200", "r1201"]],
    ["LAX zp takes 4 cycles", [0xa7, 0x80], {}, 4, ["r1200", "r1201", "r80"]],
  ];
  const cpu = w.cpuTestCreateAle();
  for (const [name, program, registers, cycles, log, memory] of cases) {
    const got = run(cpu, program, registers as object, memory ?? []);
    assert.equal(got.cycles, cycles, `${name}: cycles`);
    assert.deepEqual(got.log, log, `${name}: bus accesses`);
  }
  const hardware = w.cpuTestCreate();
  assert.equal(run(hardware, [0xa7, 0x80], {}).cycles, 3, "LAX zp on hardware");
});
