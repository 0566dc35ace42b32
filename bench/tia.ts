// TIA rendering cost alone. A synthetic kernel runs inside the WebAssembly
// harness, so no CPU emulation and no JavaScript calls are timed: VSYNC,
// blank lines, then 192 drawn lines with HMOVE, both players, a missile,
// the ball and an asymmetric playfield rewritten mid-line (about 2,500
// register writes per frame). The process CPU time is printed beside the
// wall time because it stays steady on a shared, loaded machine.
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
const wall: number[] = [];
const cpu: number[] = [];
for (let run = 0; run < runs; run++) {
  const startWall = performance.now();
  const startCpu = process.cpuUsage();
  rig.x.tiaBenchKernel(frames);
  const used = process.cpuUsage(startCpu);
  wall.push((performance.now() - startWall) * 1000 / frames);
  cpu.push((used.user + used.system) / frames);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cpuMicros = median(cpu);
console.log("| kernel | frames | runs | wall µs/frame | CPU µs/frame | TIA frames per CPU second |");
console.log("|---|---|---|---|---|---|");
console.log(
  `| synthetic | ${frames} | ${runs} | ${median(wall).toFixed(1)} | ${cpuMicros.toFixed(1)} | ` +
    `${Math.round(1e6 / cpuMicros)} |`,
);
