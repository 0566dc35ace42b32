// 2-D convolution (stride, no padding) forward and backward on
// channels-last (NHWC) activations, with PyTorch's weight layout
// [C_out, C_in, KH, KW]. Channels last makes every operand of the
// implicit matrix product readable as aligned vec4 without a patch matrix.
// Shapes the vec4 kernels cannot take, and the "via-nchw" variant, run the
// NCHW kernels of conv.ts between permuted copies.

import type { Gpu } from "../context.ts";
import { Params, ceilDiv, grid1d } from "../params.ts";
import type { Tensor } from "../tensor.ts";
import type { Variant } from "../tuner.ts";
import {
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dForward,
  convShape,
  expectShape,
  scratchFor,
  shapeKey,
  tuningShape,
  type ConvShape,
  type ConvWeightGradients,
} from "./conv.ts";
import { permute, reluBackward } from "./elementwise.ts";

const MAX_GROUPS = 65535;

type Mapping = readonly [name: string, x: number, y: number, lanesOnRows: number];

/**
 * Lane mappings of the forward kernel, the untuned default first. `cols`
 * variants put lanes on channel blocks. With one row of lanes they read
 * the pixel (or tap) operand uniformly. `rows` variants put lanes on pixel
 * blocks. {@link nhwcVariants} appends a variant that runs the NCHW
 * kernels, whose tuned variants include workgroup tiling for GPUs, so it
 * is the default there.
 * NOTE: the default order comes from lavapipe timings at the batch-64
 * ST-DIM shapes.
 */
const FORWARD_MAPPINGS: readonly Mapping[] = [
  ["cols8x1", 8, 1, 0],
  ["cols16x1", 16, 1, 0],
  ["rows16x1", 16, 1, 1],
  ["rows64x1", 64, 1, 1],
  ["cols8x8", 8, 8, 0],
  ["rows16x4", 16, 4, 1],
];

/** Lane mappings of the weight gradient, with tap blocks as rows. */
const WEIGHT_MAPPINGS: readonly Mapping[] = [
  ["cols16x1", 16, 1, 0],
  ["cols8x1", 8, 1, 0],
  ["rows64x1", 64, 1, 1],
  ["rows16x1", 16, 1, 1],
  ["cols8x8", 8, 8, 0],
  ["rows16x4", 16, 4, 1],
];

function nhwcVariants(shader: "conv2d_nhwc_forward" | "conv2d_nhwc_backward_weight"): Variant[] {
  const mappings = shader === "conv2d_nhwc_forward" ? FORWARD_MAPPINGS : WEIGHT_MAPPINGS;
  const variants: Variant[] = mappings.map(([name, x, y, rows]) => ({
    name,
    shader,
    overrides: { WG_X: x, WG_Y: y, LANES_ON_ROWS: rows },
  }));
  variants.push({ name: "via-nchw", shader: "conv2d_forward_tiled", overrides: {}, options: { nchw: 1 } });
  return variants;
}

const FORWARD_VARIANTS = nhwcVariants("conv2d_nhwc_forward");
/**
 * Input-gradient variants: lanes on pixel blocks (`px`) or on channel
 * blocks (`ch`), the residue class always from the workgroup.
 */
const INPUT_GRAD_VARIANTS: readonly Variant[] = [
  ...([
    ["px64x1", 64, 1, 0],
    ["ch8x1", 8, 1, 1],
    ["ch16x1", 16, 1, 1],
    ["px16x1", 16, 1, 0],
    ["px16x4", 16, 4, 0],
  ] as const).map(([name, x, y, channels]) => ({
    name,
    shader: "conv2d_nhwc_backward_input" as const,
    overrides: { WG_X: x, WG_Y: y, LANES_ON_CHANNELS: channels },
  })),
  ...FORWARD_VARIANTS.filter((v) => v.options?.nchw),
];

/**
 * Returns the candidates for a pass: the vec4 kernels where the shape
 * allows, plus the NCHW route except on software adapters, where it was
 * measured slower and would only lengthen tuning.
 */
function candidatesFor(gpu: Gpu, variants: readonly Variant[], eligible: boolean): readonly Variant[] {
  if (!eligible) return variants.filter((v) => v.options?.nchw);
  return gpu.adapter.isSoftware ? variants.filter((v) => !v.options?.nchw) : variants;
}

/**
 * Weight-gradient variants with the batch split in `splits` slices, plus
 * 8-tap blocks (`wide`) where C_in * KW is a multiple of 8.
 */
function weightGradVariants(s: ConvShape): Variant[] {
  const base = nhwcVariants("conv2d_nhwc_backward_weight");
  const direct = base.filter((v) => !v.options?.nchw);
  if ((s.cIn * s.kw) % 8 === 0) {
    for (const v of direct.filter((d) => d.name === "cols8x1" || d.name === "cols16x1")) {
      direct.push({ ...v, name: `wide${v.name}`, overrides: { ...v.overrides, WIDE_TAPS: 1 } });
    }
  }
  const splits = [4, 1, 16].filter((n) => n === 1 || n <= s.batch);
  return [
    ...splits.flatMap((n) => direct.map((v) => ({ ...v, name: `${v.name}split${n}`, options: { splits: n } }))),
    ...base.filter((v) => v.options?.nchw),
  ];
}

/** Converts an NHWC shape to the NCHW order that {@link convShape} takes. */
function nchwOf(shape: readonly number[]): number[] {
  if (shape.length !== 4) throw new RangeError(`conv2d (NHWC): input [${shape}] must be [N, H, W, C]`);
  return [shape[0], shape[3], shape[1], shape[2]];
}

function nhwcOf(s: ConvShape, output: boolean): number[] {
  return output ? [s.batch, s.outH, s.outW, s.cOut] : [s.batch, s.height, s.width, s.cIn];
}

/**
 * Tests whether the vec4 NHWC kernels take a pass. The forward and weight
 * passes read runs of C_in * KW inputs that start every C_in * stride, so
 * those two, C_in * W and C_out must be multiples of 4. The input gradient
 * needs C_in and C_out in multiples of 4.
 */
export function nhwcEligible(s: ConvShape, pass: "forward" | "input" | "weight"): boolean {
  if (s.cOut % 4 !== 0) return false;
  if (pass === "input") return s.cIn % 4 === 0;
  return (s.cIn * s.stride) % 4 === 0 && (s.cIn * s.width) % 4 === 0 && (s.cIn * s.kw) % 4 === 0;
}

function convParams(s: ConvShape, last: [number, number]): ArrayBuffer {
  return new Params()
    .u32(s.batch, s.cIn, s.height, s.width)
    .u32(s.cOut, s.kh, s.kw, s.stride)
    .u32(s.outH, s.outW, last[0], last[1])
    .finish();
}

/** Workgroup counts for `rowBlocks` x `colBlocks` blocks, y folded into z when large. */
function blockGrid(v: Variant, rowBlocks: number, colBlocks: number): [number, number, number] {
  const { WG_X, WG_Y, LANES_ON_ROWS } = v.overrides;
  const [xBlocks, yBlocks] = LANES_ON_ROWS ? [rowBlocks, colBlocks] : [colBlocks, rowBlocks];
  let y = ceilDiv(yBlocks, WG_Y);
  let z = 1;
  if (y > MAX_GROUPS) {
    z = ceilDiv(y, MAX_GROUPS);
    y = ceilDiv(y, z);
  }
  return [ceilDiv(xBlocks, WG_X), y, z];
}

/**
 * Records y = conv2d(x, weight, stride) + bias, then ReLU if asked, on
 * NHWC tensors: x [N, H, W, C_in], weight [C_out, C_in, KH, KW], bias
 * [C_out] or null; returns y [N, OH, OW, C_out].
 */
export function conv2dForwardNhwc(
  gpu: Gpu,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  options: { stride: number; relu?: boolean; out?: Tensor; label?: string },
): Tensor {
  const label = options.label ?? "conv2d forward nhwc";
  const s = convShape(nchwOf(x.shape), weight.shape, options.stride);
  if (bias) expectShape(bias, [s.cOut], label);
  const y = options.out ?? gpu.tensor(nhwcOf(s, true), `${label} y`);
  expectShape(y, nhwcOf(s, true), label);
  const candidates = candidatesFor(gpu, FORWARD_VARIANTS, nhwcEligible(s, "forward"));
  const variant = gpu.tuner.select("conv2d_nhwc_forward", shapeKey(s), candidates, () => {
    const t = tuningShape(s);
    const scratch = scratchFor(gpu, [x, weight, y], [true, false, true], t.batch, "conv2d nhwc forward");
    return {
      launch: (v) => launchConvForwardNhwc(gpu, v, t, scratch[0], scratch[1], null, scratch[2], false, label),
      dispose: () => scratch.forEach((t) => t.release()),
    };
  });
  launchConvForwardNhwc(gpu, variant, s, x, weight, bias, y, options.relu ?? false, label);
  return y;
}

/** Records one NHWC forward convolution with a given variant. */
export function launchConvForwardNhwc(
  gpu: Gpu, variant: Variant, s: ConvShape, x: Tensor, weight: Tensor, bias: Tensor | null,
  y: Tensor, relu: boolean, label = "conv2d forward nhwc",
): void {
  const tagged = `${label} [${variant.name}]`;
  if (variant.options?.nchw) {
    const xn = permute(gpu, x, [0, 3, 1, 2], undefined, `${tagged} x nchw`);
    const yn = conv2dForward(gpu, xn, weight, bias, { stride: s.stride, relu, label: tagged });
    permute(gpu, yn, [0, 2, 3, 1], y, `${tagged} y nhwc`);
    [xn, yn].forEach((t) => t.release());
    return;
  }
  if (!nhwcEligible(s, "forward")) throw new RangeError(`${tagged}: shape ${shapeKey(s)} is not vec4-aligned`);
  // wt [KH, KW, C_in, C_out]: row k of the implicit product.
  const wt = permute(gpu, weight, [2, 3, 1, 0], undefined, `${tagged} w packed`);
  gpu.dispatch({
    shader: variant.shader,
    overrides: variant.overrides,
    label: tagged,
    params: convParams(s, [bias ? 1 : 0, relu ? 1 : 0]),
    bindings: [x, wt, bias ?? gpu.unusedBinding, y],
    workgroups: blockGrid(variant, ceilDiv(s.batch * s.outH * s.outW, 4), ceilDiv(s.cOut, 8)),
  });
  wt.release();
}

/** Options of {@link conv2dBackwardInputNhwc}. */
export interface ConvInputGradOptions {
  stride: number;
  /** NHWC shape of the forward input. */
  inputShape: readonly number[];
  /**
   * ReLU output that was the forward input: dx is zeroed where it is not
   * positive, which fuses the ReLU backward of the layer before.
   */
  reluOutput?: Tensor;
  out?: Tensor;
  label?: string;
}

/**
 * Records dx = dL/dx of an NHWC convolution given dy [N, OH, OW, C_out]
 * and weight; returns dx with the NHWC `inputShape` (every element written).
 */
export function conv2dBackwardInputNhwc(gpu: Gpu, dy: Tensor, weight: Tensor, options: ConvInputGradOptions): Tensor {
  const label = options.label ?? "conv2d backward input nhwc";
  const s = convShape(nchwOf(options.inputShape), weight.shape, options.stride);
  expectShape(dy, nhwcOf(s, true), label);
  const dx = options.out ?? gpu.tensor(options.inputShape, `${label} dx`);
  expectShape(dx, options.inputShape, label);
  if (options.reluOutput) expectShape(options.reluOutput, options.inputShape, label);
  // Channel-lane variants index pixel blocks with the y workgroup id alone.
  const fits = (v: Variant) => !v.overrides.LANES_ON_CHANNELS || ceilDiv(inputPixelBlocks(s), v.overrides.WG_Y) <= MAX_GROUPS;
  const candidates = candidatesFor(gpu, INPUT_GRAD_VARIANTS.filter(fits), nhwcEligible(s, "input"));
  const variant = gpu.tuner.select("conv2d_nhwc_backward_input", shapeKey(s), candidates, () => {
    const t = tuningShape(s);
    const scratch = scratchFor(gpu, [dy, weight, dx], [true, false, true], t.batch, "conv2d nhwc backward input");
    return {
      launch: (v) => launchConvBackwardInputNhwc(gpu, v, t, scratch[0], scratch[1], scratch[2], null, label),
      dispose: () => scratch.forEach((t) => t.release()),
    };
  });
  launchConvBackwardInputNhwc(gpu, variant, s, dy, weight, dx, options.reluOutput ?? null, label);
  return dx;
}

/** Returns the pixel blocks of residue class (0, 0), which has the most rows and columns. */
function inputPixelBlocks(s: ConvShape): number {
  return s.batch * ceilDiv(s.height, s.stride) * ceilDiv(ceilDiv(s.width, s.stride), 4);
}

/** Records one NHWC input-gradient convolution with a given variant. */
export function launchConvBackwardInputNhwc(
  gpu: Gpu, variant: Variant, s: ConvShape, dy: Tensor, weight: Tensor, dx: Tensor,
  reluOutput: Tensor | null, label = "conv2d backward input nhwc",
): void {
  const tagged = `${label} [${variant.name}]`;
  if (variant.options?.nchw) {
    const dyn = permute(gpu, dy, [0, 3, 1, 2], undefined, `${tagged} dy nchw`);
    const dxn = conv2dBackwardInput(gpu, dyn, weight, { stride: s.stride, inputShape: [s.batch, s.cIn, s.height, s.width], label: tagged });
    if (reluOutput) {
      const masked = permute(gpu, dxn, [0, 2, 3, 1], undefined, `${tagged} dx nhwc`);
      reluBackward(gpu, masked, reluOutput, dx, `${tagged} relu backward`);
      masked.release();
    } else {
      permute(gpu, dxn, [0, 2, 3, 1], dx, `${tagged} dx nhwc`);
    }
    [dyn, dxn].forEach((t) => t.release());
    return;
  }
  if (!nhwcEligible(s, "input")) throw new RangeError(`${tagged}: shape ${shapeKey(s)} is not vec4-aligned`);
  // wp [KH, KW, C_out, C_in]: for each tap, C_out rows of C_in.
  const wp = permute(gpu, weight, [2, 3, 0, 1], undefined, `${tagged} w packed`);
  const { WG_X, WG_Y, LANES_ON_CHANNELS } = variant.overrides;
  const [xBlocks, yBlocks] = LANES_ON_CHANNELS ? [ceilDiv(s.cIn, 8), inputPixelBlocks(s)] : [inputPixelBlocks(s), ceilDiv(s.cIn, 8)];
  gpu.dispatch({
    shader: variant.shader,
    overrides: variant.overrides,
    label: tagged,
    params: convParams(s, [reluOutput ? 1 : 0, 0]),
    bindings: [dy, wp, dx, reluOutput ?? gpu.unusedBinding],
    workgroups: [ceilDiv(xBlocks, WG_X), ceilDiv(yBlocks, WG_Y), s.stride * s.stride],
  });
  wp.release();
}

/**
 * Records dL/dW (and dL/db) of an NHWC convolution given dy
 * [N, OH, OW, C_out] and the forward input x [N, H, W, C_in]. The bias
 * gradient comes out of the same pass. The batch is split in slices whose
 * partial sums a second pass adds, and the autotuner chooses the split.
 */
export function conv2dBackwardWeightNhwc(
  gpu: Gpu,
  dy: Tensor,
  x: Tensor,
  grads: ConvWeightGradients & { stride: number; label?: string },
): void {
  const label = grads.label ?? "conv2d backward weight nhwc";
  const s = convShape(nchwOf(x.shape), grads.dWeight.shape, grads.stride);
  expectShape(dy, nhwcOf(s, true), label);
  if (grads.dBias) expectShape(grads.dBias, [s.cOut], label);
  const candidates = candidatesFor(gpu, weightGradVariants(s), nhwcEligible(s, "weight"));
  const variant = gpu.tuner.select("conv2d_nhwc_backward_weight", shapeKey(s), candidates, () => {
    const t = tuningShape(s);
    const tensors = [dy, x, grads.dWeight, ...(grads.dBias ? [grads.dBias] : [])];
    const scratch = scratchFor(gpu, tensors, [true, true, false, false], t.batch, "conv2d nhwc backward weight");
    return {
      launch: (v) => launchConvBackwardWeightNhwc(gpu, v, t, scratch[0], scratch[1], { dWeight: scratch[2], dBias: scratch[3] }, label),
      dispose: () => scratch.forEach((t) => t.release()),
    };
  });
  launchConvBackwardWeightNhwc(gpu, variant, s, dy, x, grads, label);
}

/** Records one NHWC weight-gradient pass and its split sum. */
export function launchConvBackwardWeightNhwc(
  gpu: Gpu, variant: Variant, s: ConvShape, dy: Tensor, x: Tensor, grads: ConvWeightGradients,
  label = "conv2d backward weight nhwc",
): void {
  const tagged = `${label} [${variant.name}]`;
  if (variant.options?.nchw) {
    weightGradViaNchw(gpu, s, dy, x, grads, tagged);
    return;
  }
  if (!nhwcEligible(s, "weight")) throw new RangeError(`${tagged}: shape ${shapeKey(s)} is not vec4-aligned`);
  const wide = variant.overrides.WIDE_TAPS ? 1 : 0;
  if (wide && (s.cIn * s.kw) % 8 !== 0) {
    throw new RangeError(`${tagged}: C_in * KW = ${s.cIn * s.kw} must be a multiple of 8`);
  }

  const imagesPerSplit = ceilDiv(s.batch, Math.min(s.batch, variant.options?.splits ?? 1));
  const splits = ceilDiv(s.batch, imagesPerSplit);
  const taps = s.cIn * s.kh * s.kw;
  const hasBias = grads.dBias ? 1 : 0;
  const partial = gpu.tensor([splits, taps + 1, s.cOut], `${tagged} partial`);
  // The z axis counts splits here, so the tap blocks must fit in y.
  const [x0, y0, folded] = blockGrid(variant, taps / (wide ? 8 : 4) + hasBias, ceilDiv(s.cOut, wide ? 4 : 8));
  if (folded > 1) throw new RangeError(`${tagged}: ${taps} taps need more than ${MAX_GROUPS} workgroups along y`);
  gpu.dispatch({
    shader: variant.shader,
    overrides: variant.overrides,
    label: tagged,
    params: convParams(s, [imagesPerSplit, hasBias]),
    bindings: [dy, x, partial],
    workgroups: [x0, y0, splits],
  });

  sumWeightGradSplits(gpu, s, partial, splits, grads, tagged);
  partial.release();
}

function weightGradViaNchw(gpu: Gpu, s: ConvShape, dy: Tensor, x: Tensor, grads: ConvWeightGradients, tagged: string): void {
  const dyn = permute(gpu, dy, [0, 3, 1, 2], undefined, `${tagged} dy nchw`);
  const xn = permute(gpu, x, [0, 3, 1, 2], undefined, `${tagged} x nchw`);
  conv2dBackwardWeight(gpu, dyn, xn, { ...grads, stride: s.stride, label: tagged });
  [dyn, xn].forEach((t) => t.release());
}

/** Records the sum of the split partials into dW and dB in PyTorch's layouts. */
function sumWeightGradSplits(
  gpu: Gpu, s: ConvShape, partial: Tensor, splits: number, grads: ConvWeightGradients, tagged: string,
): void {
  const hasBias = grads.dBias ? 1 : 0;
  gpu.dispatch({
    shader: "conv2d_nhwc_weight_finish",
    overrides: { WG: 64 },
    label: `${tagged} split sum`,
    params: new Params()
      .u32(s.cIn, s.kh, s.kw, s.cOut)
      .u32(splits, hasBias)
      .f32(grads.accumulate ? 1 : 0)
      .u32(0)
      .finish(),
    bindings: [partial, grads.dWeight, grads.dBias ?? gpu.unusedBinding],
    workgroups: grid1d(s.cOut * s.cIn * s.kh * s.kw + hasBias * s.cOut, 64),
  });
}
