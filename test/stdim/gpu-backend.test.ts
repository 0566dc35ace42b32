import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Gpu } from "../../src/gpu/index.ts";
import { CpuStdimBackend } from "../../src/stdim/backend.ts";
import { buildEncoderSpec, initEncoderParameters } from "../../src/stdim/encoder.ts";
import { GpuStdimBackend } from "../../src/stdim/gpu-backend.ts";
import { initStdimHeads } from "../../src/stdim/heads.ts";
import { Random } from "../../src/stdim/random.ts";
import { encoderForward, scaleFrames, stdimLossReference, toFloat64 } from "../../src/stdim/reference.ts";

// Sizes not multiples of the kernels' tiles: 9 channels, 5x4 local map, batch 6.
const spec = buildEncoderSpec({
  inputChannels: 1,
  inputHeight: 30,
  inputWidth: 26,
  convs: [
    { outChannels: 5, kernel: 6, stride: 3 },
    { outChannels: 7, kernel: 3, stride: 1 },
    { outChannels: 9, kernel: 3, stride: 1 },
    { outChannels: 6, kernel: 2, stride: 1 },
  ],
  featureSize: 10,
  localConv: 2,
});
const BATCH = 6;

let gpu: Gpu;
before(async () => {
  gpu = await Gpu.create();
});
after(() => gpu?.destroy());

function problem(seed: number, objective: "infonce-stdim" | "global-local-infonce-stdim") {
  const random = new Random(seed);
  const params = new Map([...initEncoderParameters(spec, random), ...initStdimHeads(spec, objective, random)]);
  for (const [name, value] of params) {
    if (name.endsWith(".bias")) for (let i = 0; i < value.length; i++) value[i] = 0.05 * random.gaussian();
  }
  const size = BATCH * 30 * 26;
  const framesT = Uint8Array.from({ length: size }, () => random.integer(256));
  const framesPrev = Uint8Array.from({ length: size }, () => random.integer(256));
  return { params, framesT, framesPrev };
}

// Largest |gpu - reference| over the tensor, relative to its largest |reference|.
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

for (const objective of ["infonce-stdim", "global-local-infonce-stdim"] as const) {
  test(`gpu ${objective} matches float64 reference`, async () => {
    const { params, framesT, framesPrev } = problem(11, objective);
    const backend = new GpuStdimBackend(gpu, spec, objective, params);
    try {
      const result = await backend.lossAndGradients(framesT, framesPrev, BATCH);
      const expected = stdimLossReference(spec, toFloat64(params), scaleFrames(framesT), scaleFrames(framesPrev), BATCH, objective);
      assert.ok(Math.abs(result.loss1 - expected.loss1) / expected.loss1 < 1e-5, `loss1 ${result.loss1} vs ${expected.loss1}`);
      assert.ok(Math.abs(result.loss2 - expected.loss2) <= 1e-5 * expected.loss2, `loss2 ${result.loss2} vs ${expected.loss2}`);
      let worst = 0;
      for (const [name, gradient] of expected.gradients) {
        const error = relativeError(result.gradients!.get(name)!, gradient);
        worst = Math.max(worst, error);
        assert.ok(error < 1e-4, `${name}: relative error ${error}`);
      }
      console.log(`${objective}: max gradient relative error ${worst.toExponential(2)}`);
    } finally {
      backend.release();
    }
  });
}

test("gpu adam steps track the cpu backend", async () => {
  const { params, framesT, framesPrev } = problem(5, "infonce-stdim");
  const gpuBackend = new GpuStdimBackend(gpu, spec, "infonce-stdim", params, 1e-3);
  const cpuBackend = new CpuStdimBackend(spec, "infonce-stdim", params, 1e-3);
  try {
    for (let step = 0; step < 3; step++) {
      const a = await gpuBackend.stdimStep(framesT, framesPrev, BATCH, true);
      const b = await cpuBackend.stdimStep(framesT, framesPrev, BATCH, true);
      assert.ok(Math.abs(a.loss - b.loss) / b.loss < 1e-4, `step ${step}: ${a.loss} vs ${b.loss}`);
    }
    const gpuParams = await gpuBackend.parameters();
    const cpuParams = await cpuBackend.parameters();
    for (const [name, value] of cpuParams) {
      const error = relativeError(gpuParams.get(name)!, value);
      assert.ok(error < 1e-3, `${name}: relative error ${error}`);
    }
    const state = await gpuBackend.optimizerState();
    assert.equal(state.step, 3);
  } finally {
    gpuBackend.release();
  }
});

test("gpu encode matches reference features", async () => {
  const { params, framesT } = problem(8, "infonce-stdim");
  const backend = new GpuStdimBackend(gpu, spec, "infonce-stdim", params);
  try {
    const features = await backend.encode(framesT, BATCH);
    const expected = encoderForward(spec, toFloat64(params), scaleFrames(framesT), BATCH).global!;
    assert.ok(relativeError(features, expected) < 1e-5);
  } finally {
    backend.release();
  }
});
