// 2-D convolution (stride, no padding) forward and backward, NCHW with
// PyTorch's weight layout [C_out, C_in, KH, KW].

import type { Gpu } from "../context.ts";
import { Params, ceilDiv } from "../params.ts";
import type { Tensor } from "../tensor.ts";
import type { Variant } from "../tuner.ts";
import { biasGradient, reduceSum } from "./reduce.ts";
import { im2colBackwardInput, im2colBackwardWeight, im2colEligible, im2colForward } from "./im2col.ts";

/** im2col variants: the patch matrix times the vec4 product. */
function im2colVariants(splits: readonly number[] = [1]): Variant[] {
  return splits.flatMap((split) =>
    ([[16, 4], [32, 2]] as const).map(([x, y]) => ({
      name: `im2col${x}x${y}${splits.length > 1 ? `split${split}` : ""}`,
      shader: "matmul_vec4" as const,
      overrides: { WG_X: x, WG_Y: y },
      options: { im2col: 1, splits: split },
    })),
  );
}

/** Sizes of one convolution, derived from the input and weight shapes. */
export interface ConvShape {
  batch: number;
  cIn: number;
  height: number;
  width: number;
  cOut: number;
  kh: number;
  kw: number;
  stride: number;
  outH: number;
  outW: number;
}

/** Computes and checks the sizes of a convolution of `input` by `weight`. */
export function convShape(input: readonly number[], weight: readonly number[], stride: number): ConvShape {
  if (input.length !== 4 || weight.length !== 4) {
    throw new RangeError(`conv2d: input [${input}] must be NCHW and weight [${weight}] [C_out, C_in, KH, KW]`);
  }
  const [batch, cIn, height, width] = input;
  const [cOut, wIn, kh, kw] = weight;
  if (wIn !== cIn) throw new RangeError(`conv2d: weight has ${wIn} input channels, input has ${cIn}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`conv2d: stride ${stride} must be an integer >= 1`);
  if (kh > height || kw > width) {
    throw new RangeError(`conv2d: kernel ${kh}x${kw} is larger than the ${height}x${width} input`);
  }
  const outH = Math.floor((height - kh) / stride) + 1;
  const outW = Math.floor((width - kw) / stride) + 1;
  return { batch, cIn, height, width, cOut, kh, kw, stride, outH, outW };
}

/** Multiply-adds of one convolution pass (forward, or either gradient). */
export function convMacs(s: ConvShape): number {
  return s.batch * s.cOut * s.outH * s.outW * s.cIn * s.kh * s.kw;
}

export function shapeKey(s: ConvShape): string {
  return `${s.batch}x${s.cIn}x${s.height}x${s.width}>${s.cOut}k${s.kh}x${s.kw}s${s.stride}`;
}

function convParams(s: ConvShape, last: [number, number]): ArrayBuffer {
  return new Params()
    .u32(s.batch, s.cIn, s.height, s.width)
    .u32(s.cOut, s.kh, s.kw, s.stride)
    .u32(s.outH, s.outW, last[0], last[1])
    .finish();
}

export function expectShape(t: Tensor, shape: readonly number[], label: string): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new RangeError(`${label}: ${t} should have shape [${shape.join(", ")}]`);
  }
}

/**
 * Images per tuning run. Convolution time grows linearly with the batch,
 * so variants are ranked on a slice of it, which keeps start-up tuning at
 * batch 64 short on CPU adapters.
 * NOTE: split-K choices ranked on the slice may differ from the best at
 * the full batch.
 */
const TUNING_BATCH = 8;

/** Returns the shape tuned in place of `s`, with at most {@link TUNING_BATCH} images. */
export function tuningShape(s: ConvShape): ConvShape {
  return { ...s, batch: Math.min(s.batch, TUNING_BATCH) };
}

/**
 * Zeroed scratch tensors shaped like `tensors`; those marked in `batched`
 * have their first (image) axis cut to `batch`.
 */
export function scratchFor(gpu: Gpu, tensors: Tensor[], batched: boolean[], batch: number, label: string): Tensor[] {
  return tensors.map((t, i) => {
    const shape = batched[i] ? [batch, ...t.shape.slice(1)] : t.shape;
    return gpu.zeros(shape, `tune ${label} ${i}`);
  });
}

const FORWARD_VARIANTS: readonly Variant[] = [
  { name: "reg64x1", shader: "conv2d_forward", overrides: { WG_X: 64, WG_Y: 1 } },
  { name: "reg16x4", shader: "conv2d_forward", overrides: { WG_X: 16, WG_Y: 4 } },
  { name: "reg32x2", shader: "conv2d_forward", overrides: { WG_X: 32, WG_Y: 2 } },
  { name: "reg8x8", shader: "conv2d_forward", overrides: { WG_X: 8, WG_Y: 8 } },
  { name: "tiled16x8k16", shader: "conv2d_forward_tiled", overrides: { WG_X: 16, WG_Y: 8, TILE_K: 16 } },
  { name: "tiled16x16k16", shader: "conv2d_forward_tiled", overrides: { WG_X: 16, WG_Y: 16, TILE_K: 16 } },
  { name: "tiled8x8k32", shader: "conv2d_forward_tiled", overrides: { WG_X: 8, WG_Y: 8, TILE_K: 32 } },
];

/** Direct variants reading weights as vec4; they need C_in * KH * KW in multiples of 4. */
const FORWARD_VEC4_VARIANTS: readonly Variant[] = [
  { name: "vec4w64x1", shader: "conv2d_forward_vec4", overrides: { WG_X: 64, WG_Y: 1 } },
  { name: "vec4w16x4", shader: "conv2d_forward_vec4", overrides: { WG_X: 16, WG_Y: 4 } },
];

function forwardGrid(v: Variant, s: ConvShape): [number, number, number] {
  const { WG_X, WG_Y } = v.overrides;
  if (v.shader === "conv2d_forward_tiled") {
    return [ceilDiv(s.batch * s.outH * s.outW, 4 * WG_X), ceilDiv(s.cOut, 4 * WG_Y), 1];
  }
  const blocks = s.batch * s.outH * ceilDiv(s.outW, 4);
  return [ceilDiv(blocks, WG_X), ceilDiv(ceilDiv(s.cOut, 4), WG_Y), 1];
}

/** Options of {@link conv2dForward}. */
export interface ConvForwardOptions {
  stride: number;
  /** Apply ReLU to the output (fused). */
  relu?: boolean;
  out?: Tensor;
  label?: string;
}

/**
 * Records y = conv2d(x, weight, stride) + bias, then ReLU if asked.
 * x [N, C_in, H, W], weight [C_out, C_in, KH, KW], bias [C_out] or null;
 * returns y [N, C_out, OH, OW] with OH = (H - KH) / stride + 1 (floored).
 */
export function conv2dForward(
  gpu: Gpu,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  options: ConvForwardOptions,
): Tensor {
  const label = options.label ?? "conv2d forward";
  const s = convShape(x.shape, weight.shape, options.stride);
  if (bias) expectShape(bias, [s.cOut], label);
  const y = options.out ?? gpu.tensor([s.batch, s.cOut, s.outH, s.outW], `${label} y`);
  expectShape(y, [s.batch, s.cOut, s.outH, s.outW], label);
  const candidates = im2colEligible(s, "forward")
    ? [...im2colVariants(), ...FORWARD_VEC4_VARIANTS, ...FORWARD_VARIANTS]
    : FORWARD_VARIANTS;
  const variant = gpu.tuner.select("conv2d_forward", shapeKey(s), candidates, () => {
    const t = tuningShape(s);
    const scratch = scratchFor(gpu, [x, weight, y], [true, false, true], t.batch, "conv2d forward");
    return {
      launch: (v) => launchConvForward(gpu, v, t, scratch[0], scratch[1], null, scratch[2], false, label),
      dispose: () => scratch.forEach((t) => t.release()),
    };
  });
  launchConvForward(gpu, variant, s, x, weight, bias, y, options.relu ?? false, label);
  return y;
}

/** Records one forward convolution with a given variant. */
export function launchConvForward(
  gpu: Gpu,
  variant: Variant,
  s: ConvShape,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  y: Tensor,
  relu: boolean,
  label = "conv2d forward",
): void {
  if (variant.options?.im2col) {
    im2colForward(gpu, variant, s, x, weight, bias, y, relu, `${label} [${variant.name}]`);
    return;
  }
  gpu.dispatch({
    shader: variant.shader,
    overrides: variant.overrides,
    label: `${label} [${variant.name}]`,
    params: convParams(s, [bias ? 1 : 0, relu ? 1 : 0]),
    bindings: [x, weight, bias ?? gpu.unusedBinding, y],
    workgroups: forwardGrid(variant, s),
  });
}

const INPUT_GRAD_VARIANTS: readonly Variant[] = [
  { name: "reg64x1", shader: "conv2d_backward_input", overrides: { WG_X: 64, WG_Y: 1 } },
  { name: "reg16x4", shader: "conv2d_backward_input", overrides: { WG_X: 16, WG_Y: 4 } },
  { name: "reg32x2", shader: "conv2d_backward_input", overrides: { WG_X: 32, WG_Y: 2 } },
  { name: "reg8x8", shader: "conv2d_backward_input", overrides: { WG_X: 8, WG_Y: 8 } },
];

function inputGradGrid(v: Variant, s: ConvShape): [number, number, number] {
  const perResidue = ceilDiv(s.width, s.stride);
  const blocks = s.batch * s.height * s.stride * ceilDiv(perResidue, 4);
  return [ceilDiv(blocks, v.overrides.WG_X), ceilDiv(ceilDiv(s.cIn, 4), v.overrides.WG_Y), 1];
}

/**
 * Records dx = dL/dx of a convolution given dy [N, C_out, OH, OW] and
 * weight; returns dx [N, C_in, H, W] (every element written). `inputShape`
 * is the forward input's shape.
 */
export function conv2dBackwardInput(
  gpu: Gpu,
  dy: Tensor,
  weight: Tensor,
  options: { stride: number; inputShape: readonly number[]; out?: Tensor; label?: string },
): Tensor {
  const label = options.label ?? "conv2d backward input";
  const s = convShape(options.inputShape, weight.shape, options.stride);
  expectShape(dy, [s.batch, s.cOut, s.outH, s.outW], label);
  const dx = options.out ?? gpu.tensor(options.inputShape, `${label} dx`);
  expectShape(dx, options.inputShape, label);
  const candidates = im2colEligible(s, "input") ? [...im2colVariants(), ...INPUT_GRAD_VARIANTS] : INPUT_GRAD_VARIANTS;
  const variant = gpu.tuner.select("conv2d_backward_input", shapeKey(s), candidates, () => {
    const t = tuningShape(s);
    const scratch = scratchFor(gpu, [dy, weight, dx], [true, false, true], t.batch, "conv2d backward input");
    return {
      launch: (v) => launchConvBackwardInput(gpu, v, t, scratch[0], scratch[1], scratch[2], label),
      dispose: () => scratch.forEach((t) => t.release()),
    };
  });
  launchConvBackwardInput(gpu, variant, s, dy, weight, dx, label);
  return dx;
}

/** Records one input-gradient convolution with a given variant. */
export function launchConvBackwardInput(
  gpu: Gpu,
  variant: Variant,
  s: ConvShape,
  dy: Tensor,
  weight: Tensor,
  dx: Tensor,
  label = "conv2d backward input",
): void {
  if (variant.options?.im2col) {
    im2colBackwardInput(gpu, variant, s, dy, weight, dx, `${label} [${variant.name}]`);
    return;
  }
  gpu.dispatch({
    shader: variant.shader,
    overrides: variant.overrides,
    label: `${label} [${variant.name}]`,
    params: convParams(s, [0, 0]),
    bindings: [dy, weight, dx],
    workgroups: inputGradGrid(variant, s),
  });
}

/** Splits of the batch that give the weight gradient enough parallel work. */
function weightGradVariants(s: ConvShape): Variant[] {
  const taps = s.cIn * s.kh * s.kw;
  const blocks = ceilDiv(taps, 4) * ceilDiv(s.cOut, 4);
  const base = Math.min(s.batch, Math.max(1, 2 ** Math.round(Math.log2(16384 / blocks))));
  const splits = [...new Set([base, Math.max(1, base / 4), Math.min(s.batch, base * 4)])];
  const shapes = [
    [16, 4],
    [8, 8],
  ];
  return splits.flatMap((split) =>
    shapes.map(([x, y]) => ({
      name: `reg${x}x${y}split${split}`,
      shader: "conv2d_backward_weight" as const,
      overrides: { WG_X: x, WG_Y: y },
      options: { splits: split },
    })),
  );
}

/** Gradient outputs of {@link conv2dBackwardWeight}. */
export interface ConvWeightGradients {
  /** dL/dW [C_out, C_in, KH, KW]. */
  dWeight: Tensor;
  /** dL/db [C_out]; skipped when absent. */
  dBias?: Tensor;
  /** Add to the gradients' contents instead of overwriting them. */
  accumulate?: boolean;
}

/**
 * Records dL/dW (and dL/db) of a convolution given dy [N, C_out, OH, OW]
 * and the forward input x. The batch is split across workgroups and the
 * partial sums reduced, the split count chosen by the autotuner.
 */
export function conv2dBackwardWeight(
  gpu: Gpu,
  dy: Tensor,
  x: Tensor,
  grads: ConvWeightGradients & { stride: number; label?: string },
): void {
  const label = grads.label ?? "conv2d backward weight";
  const s = convShape(x.shape, grads.dWeight.shape, grads.stride);
  expectShape(dy, [s.batch, s.cOut, s.outH, s.outW], label);
  const variants = im2colEligible(s, "weight")
    ? [...im2colVariants([1, 4, 16]), ...weightGradVariants(s)]
    : weightGradVariants(s);
  const variant = gpu.tuner.select("conv2d_backward_weight", shapeKey(s), variants, () => {
    const t = tuningShape(s);
    const scratch = scratchFor(gpu, [dy, x, grads.dWeight], [true, true, false], t.batch, "conv2d backward weight");
    return {
      launch: (v) => launchConvBackwardWeight(gpu, v, t, scratch[0], scratch[1], scratch[2], false, label),
      dispose: () => scratch.forEach((t) => t.release()),
    };
  });
  launchConvBackwardWeight(gpu, variant, s, dy, x, grads.dWeight, grads.accumulate ?? false, label);
  if (grads.dBias) {
    expectShape(grads.dBias, [s.cOut], label);
    biasGradient(gpu, dy, grads.dBias, { accumulate: grads.accumulate, label: `${label} db` });
  }
}

/** Records one weight-gradient convolution and its split reduction. */
export function launchConvBackwardWeight(
  gpu: Gpu,
  variant: Variant,
  s: ConvShape,
  dy: Tensor,
  x: Tensor,
  dWeight: Tensor,
  accumulate: boolean,
  label = "conv2d backward weight",
): void {
  if (variant.options?.im2col) {
    im2colBackwardWeight(gpu, variant, s, dy, x, dWeight, accumulate, `${label} [${variant.name}]`);
    return;
  }
  const splits = Math.min(s.batch, variant.options?.splits ?? 1);
  const imagesPerSplit = ceilDiv(s.batch, splits);
  const usedSplits = ceilDiv(s.batch, imagesPerSplit);
  const taps = s.cIn * s.kh * s.kw;
  const partial = gpu.tensor([usedSplits, s.cOut, taps], `${label} partial`);
  const { WG_X, WG_Y } = variant.overrides;
  gpu.dispatch({
    shader: variant.shader,
    overrides: variant.overrides,
    label: `${label} [${variant.name}]`,
    params: convParams(s, [imagesPerSplit, 0]),
    bindings: [dy, x, partial],
    workgroups: [ceilDiv(ceilDiv(taps, 4), WG_X), ceilDiv(ceilDiv(s.cOut, 4), WG_Y), usedSplits],
  });
  const outputs = s.cOut * taps;
  reduceSum(gpu, partial, dWeight, {
    outer: 1, inner: outputs, countI: usedSplits, countJ: 1,
    strideOuter: 0, strideInner: 1, strideI: outputs, strideJ: 0,
  }, { beta: accumulate ? 1 : 0, label: `${label} split sum` });
  partial.release();
}
