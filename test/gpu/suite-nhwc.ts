// Kernel cases for the channels-last (NHWC) convolutions: every variant
// against the float64 NCHW reference, on shapes whose pixel counts and
// channel counts are not multiples of the blocks, with poisoned outputs.
// The inputs are drawn in NCHW order and permuted on the host.

import {
  type Gpu,
  conv2dBackwardInputNhwc, conv2dBackwardWeightNhwc, conv2dForwardNhwc, convShape,
  launchConvBackwardInputNhwc, launchConvBackwardWeightNhwc, launchConvForwardNhwc, nhwcEligible,
  type ConvShape, type Variant,
} from "../../src/gpu/index.ts";
import * as ref from "../../src/gpu/reference.ts";
import { abs, expectClose, poisoned, randomArray, rng } from "./check.ts";

const FORWARD_RTOL = 1e-5;

const SHAPES = [
  // C_out of 8, 50 output pixels: partial pixel blocks.
  { x: [2, 4, 13, 11], w: [8, 4, 4, 3], stride: 2 },
  // One input channel as the first ST-DIM layer; the input gradient
  // falls back to the NCHW kernels.
  { x: [1, 1, 25, 24], w: [4, 1, 8, 8], stride: 4 },
  // C_out of 12: the last channel block is half full.
  { x: [3, 8, 9, 7], w: [12, 8, 3, 3], stride: 1 },
  { x: [2, 4, 10, 9], w: [4, 4, 2, 2], stride: 3 },
  // Three input channels: only the NCHW fallback applies.
  { x: [2, 3, 13, 11], w: [5, 3, 4, 3], stride: 2 },
];

function variants(shader: Variant["shader"]): Variant[] {
  const mapping = (name: string, x: number, y: number, rows: number): Variant => ({
    name, shader, overrides: { WG_X: x, WG_Y: y, LANES_ON_ROWS: rows },
  });
  return [
    mapping("cols8x1", 8, 1, 0),
    mapping("rows16x1", 16, 1, 1),
    mapping("cols8x8", 8, 8, 0),
    mapping("rows16x4", 16, 4, 1),
  ];
}

const VIA_NCHW: Variant = { name: "via-nchw", shader: "conv2d_forward_tiled", overrides: {}, options: { nchw: 1 } };

/** Permutes host data from NCHW to NHWC. */
function toNhwc(data: ArrayLike<number>, [n, c, h, w]: readonly number[]): Float32Array {
  const out = new Float32Array(n * c * h * w);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((i * h + y) * w + x) * c + ch] = data[((i * c + ch) * h + y) * w + x];
  return out;
}

/** Permutes host data from NHWC back to NCHW. */
function toNchw(data: ArrayLike<number>, [n, c, h, w]: readonly number[]): Float32Array {
  const out = new Float32Array(n * c * h * w);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((i * c + ch) * h + y) * w + x] = data[((i * h + y) * w + x) * c + ch];
  return out;
}

function nhwcShape([n, c, h, w]: readonly number[]): number[] {
  return [n, h, w, c];
}

function outputShape(s: ConvShape): number[] {
  return [s.batch, s.cOut, s.outH, s.outW];
}

async function forwardCase(gpu: Gpu): Promise<string> {
  const random = rng(21);
  let worst = 0;
  for (const [i, c] of SHAPES.entries()) {
    const s = convShape(c.x, c.w, c.stride);
    const xData = randomArray(random, c.x.reduce((a, b) => a * b));
    const wData = randomArray(random, c.w.reduce((a, b) => a * b));
    const bData = randomArray(random, s.cOut);
    const x = gpu.upload(toNhwc(xData, c.x), nhwcShape(c.x), "x");
    const w = gpu.upload(wData, c.w, "w");
    const b = gpu.upload(bData, [s.cOut], "b");
    const bound = ref.conv2dForwardRef(abs(xData), c.x, abs(wData), c.w, abs(bData), c.stride, false);
    const direct = nhwcEligible(s, "forward") ? variants("conv2d_nhwc_forward") : [];
    for (const variant of [...direct, VIA_NCHW]) {
      for (const relu of [false, true]) {
        const y = poisoned(gpu, nhwcShape(outputShape(s)), "y");
        launchConvForwardNhwc(gpu, variant, s, x, w, b, y, relu);
        const want = ref.conv2dForwardRef(xData, c.x, wData, c.w, bData, c.stride, relu);
        const got = toNchw(await gpu.read(y), outputShape(s));
        worst = Math.max(worst, expectClose(`nhwc forward shape ${i} ${variant.name} relu=${relu}`, got, want, FORWARD_RTOL, bound));
        y.release();
      }
    }
    // The public launcher without bias, on the tuner's default variant.
    const y = conv2dForwardNhwc(gpu, x, w, null, { stride: c.stride });
    const want = ref.conv2dForwardRef(xData, c.x, wData, c.w, null, c.stride, false);
    const got = toNchw(await gpu.read(y), outputShape(s));
    worst = Math.max(worst, expectClose(`conv2dForwardNhwc shape ${i}`, got, want, FORWARD_RTOL, bound));
    [x, w, b, y].forEach((t) => t.release());
  }
  return `max error ${worst.toExponential(1)}`;
}

async function backwardInputCase(gpu: Gpu): Promise<string> {
  const random = rng(22);
  let worst = 0;
  for (const [i, c] of SHAPES.entries()) {
    const s = convShape(c.x, c.w, c.stride);
    const dyData = randomArray(random, outputShape(s).reduce((a, b) => a * b));
    const wData = randomArray(random, c.w.reduce((a, b) => a * b));
    const dy = gpu.upload(toNhwc(dyData, outputShape(s)), nhwcShape(outputShape(s)), "dy");
    const w = gpu.upload(wData, c.w, "w");
    const want = ref.conv2dBackwardInputRef(dyData, c.x, wData, c.w, c.stride);
    // Where no output depends on an element, the reference is 0 and the bound falls back to 1.
    const bound = ref.conv2dBackwardInputRef(abs(dyData), c.x, abs(wData), c.w, c.stride).map((v) => v || 1);
    const pixelMappings: Variant[] = [["px64x1", 64, 1, 0], ["px8x1", 8, 1, 0], ["px16x4", 16, 4, 0], ["ch8x1", 8, 1, 1], ["ch4x4", 4, 4, 1]].map(([name, x, y, channels]) => ({
      name: String(name), shader: "conv2d_nhwc_backward_input", overrides: { WG_X: Number(x), WG_Y: Number(y), LANES_ON_CHANNELS: Number(channels) },
    }));
    const direct = nhwcEligible(s, "input") ? pixelMappings : [];
    // A ReLU output with about half its elements zero, for the fused ReLU backward.
    const reluData = randomArray(random, want.length).map((v) => Math.max(v, 0));
    const reluOutput = gpu.upload(toNhwc(reluData, c.x), nhwcShape(c.x), "relu output");
    const wantGated = want.map((v, j) => (reluData[j] > 0 ? v : 0));
    for (const variant of [...direct, VIA_NCHW]) {
      const dx = poisoned(gpu, nhwcShape(c.x), "dx");
      launchConvBackwardInputNhwc(gpu, variant, s, dy, w, dx, null);
      const got = toNchw(await gpu.read(dx), c.x);
      worst = Math.max(worst, expectClose(`nhwc dx shape ${i} ${variant.name}`, got, want, FORWARD_RTOL, bound));
      const gated = poisoned(gpu, nhwcShape(c.x), "dx gated");
      launchConvBackwardInputNhwc(gpu, variant, s, dy, w, gated, reluOutput);
      const gotGated = toNchw(await gpu.read(gated), c.x);
      worst = Math.max(worst, expectClose(`nhwc dx relu shape ${i} ${variant.name}`, gotGated, wantGated, FORWARD_RTOL, bound));
      [dx, gated].forEach((t) => t.release());
    }
    reluOutput.release();
    const dx = conv2dBackwardInputNhwc(gpu, dy, w, { stride: c.stride, inputShape: nhwcShape(c.x) });
    const got = toNchw(await gpu.read(dx), c.x);
    worst = Math.max(worst, expectClose(`conv2dBackwardInputNhwc shape ${i}`, got, want, FORWARD_RTOL, bound));
    [dy, w, dx].forEach((t) => t.release());
  }
  return `max error ${worst.toExponential(1)}`;
}

async function backwardWeightCase(gpu: Gpu): Promise<string> {
  const random = rng(23);
  let worst = 0;
  for (const [i, c] of SHAPES.entries()) {
    const s = convShape(c.x, c.w, c.stride);
    const dyShape = outputShape(s);
    const dyData = randomArray(random, dyShape.reduce((a, b) => a * b));
    const xData = randomArray(random, c.x.reduce((a, b) => a * b));
    const dy = gpu.upload(toNhwc(dyData, dyShape), nhwcShape(dyShape), "dy");
    const x = gpu.upload(toNhwc(xData, c.x), nhwcShape(c.x), "x");
    const want = ref.conv2dBackwardWeightRef(dyData, xData, c.x, c.w, c.stride);
    const bound = ref.conv2dBackwardWeightRef(abs(dyData), abs(xData), c.x, c.w, c.stride);
    const wantBias = ref.biasGradientRef(dyData, dyShape);
    const boundBias = ref.biasGradientRef(abs(dyData), dyShape);
    const mappings = variants("conv2d_nhwc_backward_weight");
    if ((s.cIn * s.kw) % 8 === 0) {
      mappings.push(...mappings.slice(0, 2).map((v) => ({ ...v, name: `wide${v.name}`, overrides: { ...v.overrides, WIDE_TAPS: 1 } })));
    }
    const direct = nhwcEligible(s, "weight")
      ? [1, 2, 3].flatMap((splits) => mappings.map((v) => ({ ...v, name: `${v.name}split${splits}`, options: { splits } })))
      : [];
    for (const variant of [...direct, VIA_NCHW]) {
      const dw = poisoned(gpu, c.w, "dw");
      const db = poisoned(gpu, [s.cOut], "db");
      launchConvBackwardWeightNhwc(gpu, variant, s, dy, x, { dWeight: dw, dBias: db });
      worst = Math.max(worst, expectClose(`nhwc dW shape ${i} ${variant.name}`, await gpu.read(dw), want, FORWARD_RTOL, bound));
      worst = Math.max(worst, expectClose(`nhwc db shape ${i} ${variant.name}`, await gpu.read(db), wantBias, FORWARD_RTOL, boundBias));
      // Without a bias gradient, into a poisoned dW.
      launchConvBackwardWeightNhwc(gpu, variant, s, dy, x, { dWeight: dw });
      worst = Math.max(worst, expectClose(`nhwc dW only shape ${i} ${variant.name}`, await gpu.read(dw), want, FORWARD_RTOL, bound));
      [dw, db].forEach((t) => t.release());
    }
    // Accumulating launcher: start from known values.
    const start = randomArray(random, want.length);
    const startBias = randomArray(random, s.cOut);
    const dw = gpu.upload(start, c.w, "dw");
    const db = gpu.upload(startBias, [s.cOut], "db");
    conv2dBackwardWeightNhwc(gpu, dy, x, { stride: c.stride, dWeight: dw, dBias: db, accumulate: true });
    const wantAcc = want.map((v, j) => v + start[j]);
    const boundAcc = bound.map((v, j) => v + Math.abs(start[j]));
    worst = Math.max(worst, expectClose(`nhwc dW accumulate shape ${i}`, await gpu.read(dw), wantAcc, FORWARD_RTOL, boundAcc));
    const wantBiasAcc = wantBias.map((v, j) => v + startBias[j]);
    const boundBiasAcc = boundBias.map((v, j) => v + Math.abs(startBias[j]));
    worst = Math.max(worst, expectClose(`nhwc db accumulate shape ${i}`, await gpu.read(db), wantBiasAcc, FORWARD_RTOL, boundBiasAcc));
    [dy, x, dw, db].forEach((t) => t.release());
  }
  return `max error ${worst.toExponential(1)}`;
}

/** The NHWC convolution cases, in the order they run. */
export const nhwcKernelCases = [
  { name: "conv2d nhwc forward", run: forwardCase },
  { name: "conv2d nhwc backward input", run: backwardInputCase },
  { name: "conv2d nhwc backward weight and bias", run: backwardWeightCase },
];
