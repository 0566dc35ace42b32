import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Gpu } from "../../src/gpu/index.ts";
import { CpuStdimBackend } from "../../src/stdim/backend.ts";
import { buildEncoderSpec, initEncoderParameters } from "../../src/stdim/encoder.ts";
import { GpuStdimBackend } from "../../src/stdim/gpu-backend.ts";
import { initStdimHeads } from "../../src/stdim/heads.ts";
import { Random } from "../../src/stdim/random.ts";
import { encoderForward, scaleFrames, stdimLossReference, toFloat64, type StdimObjective } from "../../src/stdim/reference.ts";

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

// Channel counts, strides and widths that let every convolution pass run
// the vec4 channels-last kernels (the sizes above take their NCHW route).
const vec4Spec = buildEncoderSpec({
  inputChannels: 1,
  inputHeight: 34,
  inputWidth: 28,
  convs: [
    { outChannels: 8, kernel: 8, stride: 4 },
    { outChannels: 8, kernel: 3, stride: 1 },
    { outChannels: 12, kernel: 2, stride: 1 },
    { outChannels: 4, kernel: 2, stride: 1 },
  ],
  featureSize: 10,
  localConv: 2,
});

let gpu: Gpu;
before(async () => {
  gpu = await Gpu.create();
});
after(() => gpu?.destroy());

function problem(seed: number, objective: StdimObjective, encoder = spec) {
  const random = new Random(seed);
  const params = new Map([...initEncoderParameters(encoder, random), ...initStdimHeads(encoder, objective, random)]);
  for (const [name, value] of params) {
    if (name.endsWith(".bias")) for (let i = 0; i < value.length; i++) value[i] = 0.05 * random.gaussian();
  }
  const size = BATCH * encoder.inputHeight * encoder.inputWidth;
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

const specs = [["odd sizes", spec], ["vec4 sizes", vec4Spec]] as const;
for (const objective of ["infonce-stdim", "global-local-infonce-stdim", "global-infonce-stdim"] as const) {
  for (const [sizes, encoder] of specs) {
    test(`gpu ${objective} ${sizes} matches float64 reference`, async () => {
      const { params, framesT, framesPrev } = problem(11, objective, encoder);
      const backend = new GpuStdimBackend(gpu, encoder, objective, params);
      try {
        const result = await backend.lossAndGradients(framesT, framesPrev, BATCH);
        const expected = stdimLossReference(encoder, toFloat64(params), scaleFrames(framesT), scaleFrames(framesPrev), BATCH, objective);
        assert.ok(Math.abs(result.loss1 - expected.loss1) / expected.loss1 < 1e-5, `loss1 ${result.loss1} vs ${expected.loss1}`);
        assert.ok(Math.abs(result.loss2 - expected.loss2) <= 1e-5 * expected.loss2, `loss2 ${result.loss2} vs ${expected.loss2}`);
        let worst = 0;
        for (const [name, gradient] of expected.gradients) {
          const error = relativeError(result.gradients!.get(name)!, gradient);
          worst = Math.max(worst, error);
          assert.ok(error < 1e-4, `${name}: relative error ${error}`);
        }
        console.log(`${objective} ${sizes}: max gradient relative error ${worst.toExponential(2)}`);
      } finally {
        backend.release();
      }
    });
  }
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

test("gpu autotune keeps parameters", async () => {
  const { params, framesT, framesPrev } = problem(9, "infonce-stdim", vec4Spec);
  const backend = new GpuStdimBackend(gpu, vec4Spec, "infonce-stdim", params);
  try {
    const before = await backend.lossAndGradients(framesT, framesPrev, BATCH);
    const paramsBefore = await backend.parameters();
    const results = await backend.autotune(framesT, framesPrev, BATCH, 1);
    const tunedKernels = new Set(results.map((r) => r.key.split("|").at(-2)));
    assert.ok(tunedKernels.has("conv2d_nhwc_forward"), `tuned kernels: ${[...tunedKernels].join(", ")}`);
    assert.ok(tunedKernels.has("conv2d_nhwc_backward_input"), `tuned kernels: ${[...tunedKernels].join(", ")}`);
    assert.ok(tunedKernels.has("conv2d_nhwc_backward_weight"), `tuned kernels: ${[...tunedKernels].join(", ")}`);
    assert.ok(results.every((r) => Number.isFinite(r.milliseconds)), "every timing is finite");
    const paramsAfter = await backend.parameters();
    for (const [name, value] of paramsBefore) assert.deepEqual(paramsAfter.get(name), value, name);
    // Tuned variants may sum in another order, so the loss matches to rounding.
    const after = await backend.lossAndGradients(framesT, framesPrev, BATCH);
    assert.ok(Math.abs(after.loss - before.loss) <= 1e-6 * before.loss, `loss ${after.loss} vs ${before.loss}`);
    const state = await backend.optimizerState();
    assert.equal(state.step, 0);
  } finally {
    backend.release();
  }
});
