// TIA rendering cost alone: a synthetic kernel (VSYNC, blank lines, 192
// drawn lines with HMOVE, both players, a missile, the ball and an
// asymmetric playfield rewritten mid-line, about 2,500 register writes per
// frame) runs inside the WebAssembly harness, so no CPU emulation and no
// JavaScript calls are timed.
//
//   node --import tsx bench/tia.ts [--frames 20000] [--runs 3]
import { parseArgs } from "node:util";
import { TiaRig } from "../test/tia/harness.ts";

const { values } = parseArgs({
  options: {
    frames: { type: "string", default: "20000" },
    runs: { type: "string", default: "3" },
  },
});
const frames = Number(values.frames);
const runs = Number(values.runs);
if (!Number.isInteger(frames) || frames < 1) {
  throw new Error(`invalid --frames ${values.frames}: expected a positive integer`);
}
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`invalid --runs ${values.runs}: expected a positive integer`);
}

const rig = new TiaRig();
rig.x.tiaBenchKernel(100); // warm-up
const rates: number[] = [];
for (let run = 0; run < runs; run++) {
  const start = performance.now();
  rig.x.tiaBenchKernel(frames);
  const seconds = (performance.now() - start) / 1000;
  rates.push(frames / seconds);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)];
console.log("| kernel | frames | runs | TIA frames/s (median) | µs/frame |");
console.log("|---|---|---|---|---|");
console.log(`| synthetic | ${frames} | ${runs} | ${Math.round(median)} | ${(1e6 / median).toFixed(2)} |`);
