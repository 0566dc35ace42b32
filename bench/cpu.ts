// Speed of the 6502 core alone: Klaus Dormann's functional test (30.6 M
// instructions, 96.2 M cycles) run inside WebAssembly on the flat test bus,
// in hardware mode and in ALE-compatible mode.
//
//   node --import tsx bench/cpu.ts [--runs 3]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadWasm, sharedRoot } from "../test/cpu/wasm.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`invalid --runs ${values.runs}: expected a positive integer`);
}

const image = readFileSync(join(sharedRoot, "cpu-tests/klaus-dormann/6502_functional_test.bin"));
const w = loadWasm();

function measure(create: () => number): { seconds: number; cycles: number; instructions: number } {
  const cpu = create();
  new Uint8Array(w.memory.buffer, w.cpuTestRam(cpu), 0x10000).set(image);
  w.cpuTestSetRegisters(cpu, 0x0400, 0xff, 0, 0, 0, 0x24);
  const start = process.cpuUsage();
  const instructions = w.cpuTestRunUntilTrap(cpu, 100e6);
  const used = process.cpuUsage(start);
  const pc = w.cpuTestRegister(cpu, 0);
  if (pc !== 0x3469) throw new Error(`functional test trapped at $${pc.toString(16)}, not at $3469`);
  return { seconds: (used.user + used.system) / 1e6, cycles: w.cpuTestCycles(cpu), instructions };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log("| mode | M instructions/s | M cycles/s | CPU seconds (median) |");
console.log("|---|---:|---:|---:|");
for (const [mode, create] of [
  ["hardware", () => w.cpuTestCreate()],
  ["ALE-compatible", () => w.cpuTestCreateAle()],
] as const) {
  const results = Array.from({ length: runs }, () => measure(create));
  const seconds = median(results.map((r) => r.seconds));
  const { cycles, instructions } = results[0];
  console.log(`| ${mode} | ${(instructions / seconds / 1e6).toFixed(1)} | ${(cycles / seconds / 1e6).toFixed(1)} | ${seconds.toFixed(2)} |`);
}
