// Times every training kernel at the ST-DIM shapes (batch 64, 1x210x160
// frames, the full-size NatureCNN encoder) after autotuning, and prints
// milliseconds, GFLOP/s and the ratio to the best matmul rate on the same
// adapter. Usage: npm run bench:kernels [-- --batch 64 --repeats 3]
// Tuning choices persist in --tuning-cache (default .cache/gpu-tuning.json),
// so a second run skips the tuning. Pass --tuning-cache "" to always tune.
import { parseArgs } from "node:util";
import {
  Gpu, adamStep, fileTuningStore, conv2dBackwardInputNhwc, conv2dBackwardWeightNhwc, conv2dForwardNhwc, convMacs, convShape,
  infoNceBackward, infoNceLogits, launchMatmul, linearBackward, linearForward, matmul, matmulVariants,
  matmulVec4Variants, matrix, positionsViewNhwc,
  reluBackward, softmaxCrossEntropy, uploadFrames, type Tensor,
} from "../src/gpu/index.ts";

const { values } = parseArgs({
  options: {
    batch: { type: "string", default: "64" },
    repeats: { type: "string", default: "3" },
    "matmul-size": { type: "string", default: "1024" },
    "tuning-cache": { type: "string", default: ".cache/gpu-tuning.json" },
  },
});
const BATCH = Number(values.batch);
const REPEATS = Number(values.repeats);
const MATMUL_SIZE = Number(values["matmul-size"]);

/** The full-size encoder's convolutions: [C_in, C_out, kernel, stride, input H, input W]. */
const CONVS = [
  { name: "conv1", cIn: 1, cOut: 32, k: 8, stride: 4, h: 210, w: 160 },
  { name: "conv2", cIn: 32, cOut: 64, k: 4, stride: 2, h: 51, w: 39 },
  { name: "conv3", cIn: 64, cOut: 128, k: 4, stride: 2, h: 24, w: 18 },
  { name: "conv4", cIn: 128, cOut: 64, k: 3, stride: 1, h: 11, w: 8 },
];

interface Row {
  kernel: string;
  shape: string;
  flops: number;
  /** Launches per ST-DIM step (two frames per pair: x_t and x_{t-1}). */
  perStep: number;
  run: () => void;
}

const tuningCache = values["tuning-cache"];
const gpu = await Gpu.create({ tuningStore: tuningCache ? await fileTuningStore(tuningCache) : undefined });
const tensors: Tensor[] = [];
function filled(shape: number[], label: string): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  const data = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  const t = gpu.upload(data, shape, label);
  tensors.push(t);
  return t;
}

const rows: Row[] = [];
const n = MATMUL_SIZE;
const ma = filled([n, n], "matmul a");
const mb = filled([n, n], "matmul b");
const mc = filled([n, n], "matmul c");
rows.push({
  kernel: "matmul", shape: `${n}x${n}x${n}`, flops: 2 * n ** 3, perStep: 0,
  run: () => matmul(gpu, matrix(ma), matrix(mb), matrix(mc)),
});

// Channels-last tensors, as the ST-DIM encoder runs them. The input
// gradient fuses the previous layer's ReLU backward, as in the step.
CONVS.forEach((c, i) => {
  const x = filled([BATCH, c.h, c.w, c.cIn], `${c.name} x`);
  const w = filled([c.cOut, c.cIn, c.k, c.k], `${c.name} w`);
  const b = filled([c.cOut], `${c.name} b`);
  const s = convShape([BATCH, c.cIn, c.h, c.w], w.shape, c.stride);
  const y = filled([BATCH, s.outH, s.outW, c.cOut], `${c.name} y`);
  const dw = filled(w.shape as number[], `${c.name} dw`);
  const db = filled([c.cOut], `${c.name} db`);
  const dx = filled(x.shape as number[], `${c.name} dx`);
  const dz = filled(y.shape as number[], `${c.name} dz`);
  const flops = 2 * convMacs(s);
  const shape = `${BATCH}x${c.cIn}x${c.h}x${c.w} k${c.k} s${c.stride} -> ${c.cOut}x${s.outH}x${s.outW}`;
  rows.push({ kernel: `${c.name} forward`, shape, flops, perStep: 2, run: () => conv2dForwardNhwc(gpu, x, w, b, { stride: c.stride, relu: true, out: y }) });
  if (i > 0) {
    rows.push({
      kernel: `${c.name} backward input`, shape, flops, perStep: 2,
      run: () => conv2dBackwardInputNhwc(gpu, y, w, { stride: c.stride, inputShape: x.shape, reluOutput: x, out: dx }),
    });
  }
  rows.push({ kernel: `${c.name} backward weight`, shape, flops, perStep: 2, run: () => conv2dBackwardWeightNhwc(gpu, y, x, { stride: c.stride, dWeight: dw, dBias: db, accumulate: true }) });
  // The step runs a separate ReLU backward only where the fused one cannot
  // apply: after the linear layer (conv4) and where the local gradient
  // joins (conv3, once per frame).
  const reluPerStep = { conv3: 2, conv4: 1 }[c.name] ?? 0;
  rows.push({ kernel: `${c.name} relu backward`, shape: `${y.size} elements`, flops: 0, perStep: reluPerStep, run: () => reluBackward(gpu, y, y, dz) });
});

const local = filled([BATCH, 11, 8, 128], "local");
const flat = filled([BATCH, 3456], "flat");
const fcW = filled([256, 3456], "fc w");
const fcB = filled([256], "fc b");
const global = filled([BATCH, 256], "global");
const dFlat = filled([BATCH, 3456], "dflat");
const dFcW = filled([256, 3456], "dfc w");
const dFcB = filled([256], "dfc b");
rows.push({ kernel: "linear forward", shape: `${BATCH}x3456 -> 256`, flops: 2 * BATCH * 3456 * 256, perStep: 2, run: () => linearForward(gpu, flat, fcW, fcB, { out: global }) });
rows.push({ kernel: "linear backward", shape: `${BATCH}x3456 -> 256`, flops: 4 * BATCH * 3456 * 256, perStep: 1, run: () => linearBackward(gpu, global, flat, fcW, { dx: dFlat, dWeight: dFcW, dBias: dFcB, accumulate: true }) });

const P = 88;
const scores = filled([P, BATCH, BATCH], "scores");
const dLocal = filled([BATCH, 11, 8, 128], "dlocal");
const localT = filled([P, BATCH, 128], "local t heads");
const nceFlops = 2 * P * BATCH * BATCH * 128;
rows.push({ kernel: "infonce scores", shape: `${P}x${BATCH}x128`, flops: nceFlops, perStep: 2, run: () => infoNceLogits(gpu, matrix(localT), positionsViewNhwc(local), { out: scores }) });
rows.push({ kernel: "infonce backward", shape: `${P}x${BATCH}x128`, flops: 2 * nceFlops, perStep: 2, run: () => infoNceBackward(gpu, scores, matrix(localT), positionsViewNhwc(local), { db: positionsViewNhwc(dLocal), accumulate: true }) });
const ceLoss = filled([P * BATCH], "ce loss");
const ceGrad = filled([P, BATCH, BATCH], "ce grad");
rows.push({ kernel: "softmax cross-entropy", shape: `${P * BATCH}x${BATCH}`, flops: 0, perStep: 2, run: () => softmaxCrossEntropy(gpu, scores, "diagonal", { loss: ceLoss, grad: ceGrad }) });

const paramCount = 32 * 64 + 64 * 512 + 128 * 1024 + 64 * 1152 + 256 * 3456 + 128 * 256 + 128 * 128;
const param = filled([paramCount], "params");
const grad = filled([paramCount], "grads");
const m = filled([paramCount], "adam m");
const v = filled([paramCount], "adam v");
rows.push({ kernel: "adam", shape: `${paramCount} parameters`, flops: 0, perStep: 1, run: () => adamStep(gpu, { param, grad, m, v }, 1, { lr: 3e-4, eps: 1e-5 }) });
const frames = new Uint8Array(BATCH * 210 * 160).map((_, i) => i % 251);
rows.push({ kernel: "frame upload", shape: `${BATCH}x1x210x160 uint8`, flops: 0, perStep: 2, run: () => uploadFrames(gpu, frames, [BATCH, 1, 210, 160]).release() });

console.log(`adapter: ${gpu.adapter.description || gpu.adapter.device} (${gpu.adapter.vendor}, ${gpu.adapter.architecture}${gpu.adapter.isSoftware ? ", software" : ""})`);
const tuneStart = performance.now();
const tuning = await gpu.autotune(() => rows.forEach((r) => r.run()), 1);
console.log(`autotuned ${new Set(tuning.map((t) => t.key)).size} shapes in ${((performance.now() - tuneStart) / 1000).toFixed(1)} s`);

/**
 * Times `run`: the median wall time, and the mean CPU time of the whole
 * process (lavapipe's threads included), which a shared machine disturbs
 * far less than wall time. CPU time does not measure hardware GPUs.
 */
async function time(run: () => void): Promise<{ ms: number; cpuMs: number }> {
  run();
  await gpu.sync();
  const samples: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    run();
    await gpu.sync();
    samples.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpuStart);
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], cpuMs: (cpu.user + cpu.system) / 1000 / REPEATS };
}

const results = [];
for (const row of rows) {
  gpu.tuner.selected.length = 0;
  const { ms, cpuMs } = await time(row.run);
  const variants = [...new Set(gpu.tuner.selected.map((s) => s.split(":")[1]))].join(",");
  results.push({ ...row, ms, cpuMs, variants });
}
const best = results[0].flops / results[0].ms / 1e6;
const bestPerCpu = results[0].flops / results[0].cpuMs / 1e6;
const pad = (s: string, k: number) => s.padEnd(k);
console.log(`\n${pad("kernel", 26)}${pad("shape", 40)}${"ms".padStart(9)}${"GFLOP/s".padStart(9)}${"/matmul".padStart(9)}${"CPU ms".padStart(9)}${"/matmul".padStart(9)}  variant`);
let stepMs = 0;
let stepCpuMs = 0;
let stepFlops = 0;
for (const r of results) {
  const rate = r.flops ? r.flops / r.ms / 1e6 : 0;
  const ratio = r.flops ? (rate / best).toFixed(2) : "";
  const cpuRatio = r.flops ? (r.flops / r.cpuMs / 1e6 / bestPerCpu).toFixed(2) : "";
  console.log(`${pad(r.kernel, 26)}${pad(r.shape, 40)}${r.ms.toFixed(1).padStart(9)}${(r.flops ? rate.toFixed(2) : "").padStart(9)}${ratio.padStart(9)}${r.cpuMs.toFixed(0).padStart(9)}${cpuRatio.padStart(9)}  ${r.variants}`);
  stepMs += r.ms * r.perStep;
  stepCpuMs += r.cpuMs * r.perStep;
  stepFlops += r.flops * r.perStep;
}
console.log(
  `\nsum of kernel times for one ST-DIM step (estimate, kernels run one at a time): ` +
    `${(stepMs / 1000).toFixed(2)} s wall, ${(stepCpuMs / 1000).toFixed(2)} s CPU, ` +
    `${(stepFlops / 1e9).toFixed(1)} GFLOP, ${(stepFlops / stepMs / 1e6).toFixed(2)} GFLOP/s`,
);

// Every matmul variant at the matmul size, untuned, to show what the
// tuner chooses between on this adapter.
console.log(`\nmatmul variants at ${n}x${n}x${n}`);
for (const variant of [...matmulVec4Variants, ...matmulVariants]) {
  const { ms, cpuMs } = await time(() => launchMatmul(gpu, variant, matrix(ma), matrix(mb), matrix(mc), 1, {}));
  const flops = 2 * n ** 3;
  console.log(`${pad(variant.name, 18)}${ms.toFixed(1).padStart(9)} ms${(flops / ms / 1e6).toFixed(2).padStart(8)} GFLOP/s${cpuMs.toFixed(0).padStart(8)} CPU ms${(flops / cpuMs / 1e6).toFixed(2).padStart(8)} GFLOP per CPU s`);
}

tensors.forEach((t) => t.release());
gpu.destroy();
