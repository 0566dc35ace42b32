// Times one full ST-DIM training step (forward of x_t and x_{t-1}, both
// losses, backward through heads and encoder, Adam) on the WebGPU backend
// with the full-size NatureCNN (1x210x160 frames).
//
//   npm run bench:stdim -- [--batch 64] [--steps 3] [--no-tune]
//                          [--tuning-cache .cache/step-tuning.json] [--profile]
//
// With --tuning-cache the autotuner's choices persist in that file, so a
// second run at the same batch skips the tuning.
// Prints one line per step and a table with the median time and the
// arithmetic rate, counting 2 FLOP per multiply-add of every convolution,
// matmul and gradient the step runs. --profile then replays the kernels of
// one step one at a time, waiting after each, and prints the process CPU
// time per kernel label (buffer clears and copies are not included).
import { parseArgs } from "node:util";

import { Gpu, fileTuningStore } from "../src/gpu/index.ts";
import { initEncoderParameters, localShape, natureCnnSpec, type EncoderSpec } from "../src/stdim/encoder.ts";
import { GpuStdimBackend } from "../src/stdim/gpu-backend.ts";
import { initStdimHeads } from "../src/stdim/heads.ts";
import { Random } from "../src/stdim/random.ts";

const { values } = parseArgs({
  options: {
    batch: { type: "string", default: "64" },
    steps: { type: "string", default: "3" },
    "no-tune": { type: "boolean", default: false },
    "tuning-cache": { type: "string", default: "" },
    profile: { type: "boolean", default: false },
  },
});
const batch = Number(values.batch);
const steps = Number(values.steps);

// Multiply-adds of one step: the encoder on x_t (all layers) and x_{t-1}
// (up to the local map), each with two gradient passes (input and weight),
// except the first convolution's input gradient, plus heads and scores.
function stepMacs(spec: EncoderSpec, b: number): number {
  let forwardT = 0;
  let forwardPrev = 0;
  spec.convs.forEach((c, i) => {
    const macs = b * c.outChannels * c.outHeight * c.outWidth * c.inChannels * c.kernel * c.kernel;
    forwardT += macs;
    if (i <= spec.localConv) forwardPrev += macs;
  });
  const linear = b * spec.linear.inFeatures * spec.linear.outFeatures;
  const { depth, positions } = localShape(spec);
  const heads = b * spec.linear.outFeatures * depth + positions * b * depth * depth;
  const scores = 2 * positions * b * b * depth;
  const forward = forwardT + forwardPrev + linear + heads + scores;
  const firstConv = b * spec.convs[0].outChannels * spec.convs[0].outHeight * spec.convs[0].outWidth * spec.inputChannels * spec.convs[0].kernel ** 2;
  return forward + 2 * forward - 2 * firstConv;
}

const tuningCache = values["tuning-cache"];
const gpu = await Gpu.create({ tuningStore: tuningCache ? await fileTuningStore(tuningCache) : undefined });
const spec = natureCnnSpec();
const random = new Random(1);
const params = new Map([...initEncoderParameters(spec, random), ...initStdimHeads(spec, "infonce-stdim", random)]);
const backend = new GpuStdimBackend(gpu, spec, "infonce-stdim", params);
const frames = () => Uint8Array.from({ length: batch * 210 * 160 }, () => random.integer(256));
const framesT = frames();
const framesPrev = frames();

console.log(`adapter: ${gpu.adapter.vendor} ${gpu.adapter.architecture} ${gpu.adapter.description} (software: ${gpu.adapter.isSoftware})`);
if (!values["no-tune"]) {
  const started = performance.now();
  await gpu.autotune(() => backend.stdimStep(framesT, framesPrev, batch, true).then(() => undefined), 3);
  console.log(`autotune: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
await backend.stdimStep(framesT, framesPrev, batch, true);
const times: number[] = [];
const cpuTimes: number[] = [];
for (let step = 0; step < steps; step++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const losses = await backend.stdimStep(framesT, framesPrev, batch, true);
  times.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuStarted);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  console.log(`step ${step}: loss ${losses.loss.toFixed(4)}, ${times[step].toFixed(0)} ms, ${cpuTimes[step].toFixed(0)} CPU ms`);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const gflop = (2 * stepMacs(spec, batch)) / 1e9;
// CPU time counts every thread of the process, lavapipe's workers included.
console.log("\n| batch | GFLOP per step | median ms | GFLOP/s | median CPU ms |");
console.log("|---|---|---|---|---|");
console.log(
  `| ${batch} | ${gflop.toFixed(1)} | ${median(times).toFixed(0)} | ${(gflop / (median(times) / 1000)).toFixed(2)} | ${median(cpuTimes).toFixed(0)} |`,
);
if (values.profile) await printProfile();
backend.release();
gpu.destroy();

// Replays the captured kernels of one step twice, each launch on its own
// submission, and keeps the smaller CPU time per launch.
async function printProfile(): Promise<void> {
  gpu.startCapture();
  await backend.stdimStep(framesT, framesPrev, batch, true);
  const launches = gpu.stopCapture();
  const best = launches.map(() => Infinity);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < launches.length; i++) {
      const started = process.cpuUsage();
      gpu.dispatch(launches[i]);
      await gpu.sync();
      const cpu = process.cpuUsage(started);
      best[i] = Math.min(best[i], (cpu.user + cpu.system) / 1000);
    }
  }
  const byLabel = new Map<string, { ms: number; count: number }>();
  launches.forEach((d, i) => {
    const entry = byLabel.get(d.label) ?? { ms: 0, count: 0 };
    entry.ms += best[i];
    entry.count++;
    byLabel.set(d.label, entry);
  });
  const total = best.reduce((a, b) => a + b, 0);
  console.log(`\nprofile: ${launches.length} launches, ${total.toFixed(0)} CPU ms in all`);
  console.log("| kernel | launches | CPU ms | share |");
  console.log("|---|---|---|---|");
  const rows = [...byLabel].sort((a, b) => b[1].ms - a[1].ms);
  for (const [label, { ms, count }] of rows) {
    console.log(`| ${label} | ${count} | ${ms.toFixed(1)} | ${((100 * ms) / total).toFixed(1)}% |`);
  }
}
