// Strided sum reductions: means, bias gradients, per-label means and the
// sum over split-K partial products.

import type { Gpu } from "../context.ts";
import { Params, grid1d, reductionWorkgroupSize } from "../params.ts";
import type { Tensor } from "../tensor.ts";

/**
 * Index pattern of a reduction: output (o1, o2), contiguous as
 * [outer, inner], sums x[offset + o1 * strideOuter + o2 * strideInner +
 * i * strideI + j * strideJ] over i < countI and j < countJ.
 */
export interface ReduceSpec {
  outer: number;
  inner: number;
  countI: number;
  countJ: number;
  strideOuter: number;
  strideInner: number;
  strideI: number;
  strideJ: number;
  offset?: number;
}

/** Sums at or below this many terms run one invocation per output. */
const SERIAL_TERMS = 64;
const WORKGROUP_SIZE = 64;

/**
 * Records out = scale * (strided sums of x) + beta * out. With beta 0 the
 * old contents of `out` are not read.
 */
export function reduceSum(
  gpu: Gpu,
  x: Tensor,
  out: Tensor,
  spec: ReduceSpec,
  options: { scale?: number; beta?: number; label?: string } = {},
): void {
  const label = options.label ?? "reduce";
  const outputs = spec.outer * spec.inner;
  if (out.size !== outputs) throw new RangeError(`${label}: ${out} should have ${outputs} elements`);
  const last =
    (spec.offset ?? 0) + (spec.outer - 1) * spec.strideOuter + (spec.inner - 1) * spec.strideInner +
    (spec.countI - 1) * spec.strideI + (spec.countJ - 1) * spec.strideJ;
  if (outputs > 0 && spec.countI * spec.countJ > 0 && last >= x.size) {
    throw new RangeError(`${label}: reduction reaches element ${last} of ${x} (${x.size} elements)`);
  }
  const params = new Params()
    .u32(spec.outer, spec.inner, spec.countI, spec.countJ)
    .u32(spec.strideOuter, spec.strideInner, spec.strideI, spec.strideJ)
    .u32(spec.offset ?? 0, 0)
    .f32(options.scale ?? 1, options.beta ?? 0)
    .finish();
  const serial = spec.countI * spec.countJ <= SERIAL_TERMS;
  const workgroupSize = serial ? WORKGROUP_SIZE : reductionWorkgroupSize(gpu.adapter.isSoftware);
  gpu.dispatch({
    shader: serial ? "reduce_serial" : "reduce",
    overrides: { WG: workgroupSize },
    label,
    params,
    bindings: [x, out],
    workgroups: serial ? grid1d(outputs, WORKGROUP_SIZE) : grid1d(outputs, 1),
  });
}

/** Records the mean of all elements of x into a new [1] tensor (or `out`). */
export function mean(gpu: Gpu, x: Tensor, out?: Tensor, label = "mean"): Tensor {
  const result = out ?? gpu.tensor([1], label);
  reduceSum(gpu, x, result, {
    outer: 1, inner: 1, countI: x.size, countJ: 1,
    strideOuter: 0, strideInner: 0, strideI: 1, strideJ: 0,
  }, { scale: 1 / x.size, label });
  return result;
}

/**
 * Records the mean over the last axis: x [..., R] gives [...] (for
 * example per-label losses from per-row losses [L, B]).
 */
export function meanLastAxis(gpu: Gpu, x: Tensor, out?: Tensor, label = "mean last axis"): Tensor {
  const rows = x.shape[x.shape.length - 1];
  const lead = x.shape.slice(0, -1);
  const outer = x.size / rows;
  const result = out ?? gpu.tensor(lead.length ? lead : [1], label);
  reduceSum(gpu, x, result, {
    outer: 1, inner: outer, countI: rows, countJ: 1,
    strideOuter: 0, strideInner: rows, strideI: 1, strideJ: 0,
  }, { scale: 1 / rows, label });
  return result;
}

/**
 * Records the bias gradient of a convolution or linear layer: the sum of
 * dy over every axis but axis 1 (dy NCHW, or [N, C]), into dBias [C].
 */
export function biasGradient(
  gpu: Gpu,
  dy: Tensor,
  dBias: Tensor,
  options: { accumulate?: boolean; label?: string } = {},
): void {
  const [n, c] = dy.shape;
  const pixels = dy.size / (n * c);
  reduceSum(gpu, dy, dBias, {
    outer: 1, inner: c, countI: n, countJ: pixels,
    strideOuter: 0, strideInner: pixels, strideI: c * pixels, strideJ: 1,
  }, { beta: options.accumulate ? 1 : 0, label: options.label ?? "bias gradient" });
}
