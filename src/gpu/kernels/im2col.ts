// Convolutions as matrix products over an explicit patch matrix (im2col),
// run by matmul_vec4. The patch matrix costs memory traffic, but it turns
// every convolution into the vec4 product, the fastest kernel on CPU
// adapters.

import type { Gpu } from "../context.ts";
import { Params, ceilDiv, grid1d } from "../params.ts";
import type { Tensor } from "../tensor.ts";
import type { Variant } from "../tuner.ts";
import type { ConvShape } from "./conv.ts";
import { launchMatmul, type MatrixView } from "./matmul.ts";
import { permute } from "./elementwise.ts";
import { reduceSum } from "./reduce.ts";

const WORKGROUP_SIZE = 64;

function taps(s: ConvShape): number {
  return s.cIn * s.kh * s.kw;
}

function pixels(s: ConvShape): number {
  return s.batch * s.outH * s.outW;
}

function convParams(s: ConvShape, columns: number): ArrayBuffer {
  return new Params()
    .u32(s.batch, s.cIn, s.height, s.width)
    .u32(s.cOut, s.kh, s.kw, s.stride)
    .u32(s.outH, s.outW, columns, 0)
    .finish();
}

/** Tests whether the im2col path applies, since the vec4 product needs K or C_out in multiples of 4. */
export function im2colEligible(s: ConvShape, pass: "forward" | "input" | "weight"): boolean {
  if (pass === "forward") return taps(s) % 4 === 0;
  return s.cOut % 4 === 0;
}

/** Records the patch matrix [K, columns] of x; columns >= pixels, a multiple of 4. */
function im2col(gpu: Gpu, s: ConvShape, x: Tensor, columns: number, label: string): Tensor {
  const col = gpu.tensor([taps(s), columns], `${label} im2col`);
  gpu.dispatch({
    shader: "im2col",
    overrides: { WG: WORKGROUP_SIZE },
    label: `${label} im2col`,
    params: convParams(s, columns),
    bindings: [x, col],
    workgroups: grid1d(taps(s) * s.batch * s.outH, WORKGROUP_SIZE),
  });
  return col;
}

/** Records dy [N, C, OH, OW] as [C, columns] or, transposed, [columns, C]. */
function pixelMatrix(gpu: Gpu, s: ConvShape, dy: Tensor, columns: number, transposed: boolean, label: string): Tensor {
  const shape = transposed ? [columns, s.cOut] : [s.cOut, columns];
  const out = gpu.tensor(shape, `${label} dy matrix`);
  gpu.dispatch({
    shader: "pixel_matrix",
    overrides: { WG: WORKGROUP_SIZE },
    label: `${label} dy matrix`,
    params: new Params().u32(s.batch, s.cOut, s.outH * s.outW, columns, transposed ? 1 : 0).finish(),
    bindings: [dy, out],
    workgroups: grid1d(s.batch * s.cOut, WORKGROUP_SIZE),
  });
  return out;
}

function dense(t: Tensor, rows: number, cols: number): MatrixView {
  return { tensor: t, batch: 1, rows, cols, batchStride: 0, rowStride: cols, colStride: 1, offset: 0 };
}

/** Records y = conv(x, w) + bias (ReLU) as W [C_out, K] times im2col(x). */
export function im2colForward(
  gpu: Gpu, variant: Variant, s: ConvShape, x: Tensor, weight: Tensor, bias: Tensor | null,
  y: Tensor, relu: boolean, label: string,
): void {
  const columns = ceilDiv(pixels(s), 4) * 4;
  const col = im2col(gpu, s, x, columns, label);
  const out: MatrixView = { ...dense(y, s.cOut, columns), rowStride: 0 };
  launchMatmul(gpu, variant, dense(weight, s.cOut, taps(s)), dense(col, taps(s), columns), out, 1, {
    bias: bias ? { tensor: bias, along: "rows" } : undefined,
    relu,
    nchwOutput: { plane: s.outH * s.outW, validColumns: pixels(s) },
    label,
  });
  col.release();
}

/** Records dx = col2im(W^T dy) for the im2col path. */
export function im2colBackwardInput(
  gpu: Gpu, variant: Variant, s: ConvShape, dy: Tensor, weight: Tensor, dx: Tensor, label: string,
): void {
  const k = taps(s);
  const columns = ceilDiv(pixels(s), 4) * 4;
  const wT = permute(gpu, weight.reshape([s.cOut, k]), [1, 0], undefined, `${label} w^T`);
  const dyMatrix = pixelMatrix(gpu, s, dy, columns, false, label);
  const dcol = gpu.tensor([k, columns], `${label} dcol`);
  launchMatmul(gpu, variant, dense(wT, k, s.cOut), dense(dyMatrix, s.cOut, columns), dense(dcol, k, columns), 1, { label });
  gpu.dispatch({
    shader: "col2im",
    overrides: { WG: WORKGROUP_SIZE },
    label: `${label} col2im`,
    params: convParams(s, columns),
    bindings: [dcol, dx],
    workgroups: grid1d(s.batch * s.cIn * s.height * s.stride, WORKGROUP_SIZE),
  });
  [wT, dyMatrix, dcol].forEach((t) => t.release());
}

/**
 * Records dW = dy im2col(x)^T, computed as dW^T [K, C_out] = im2col(x)
 * dy^T in `splits` slices of the pixels whose partial sums are then added.
 */
export function im2colBackwardWeight(
  gpu: Gpu, variant: Variant, s: ConvShape, dy: Tensor, x: Tensor, dWeight: Tensor,
  accumulate: boolean, label: string,
): void {
  const k = taps(s);
  const splits = variant.options?.splits ?? 1;
  const slice = ceilDiv(ceilDiv(pixels(s), splits), 4) * 4;
  const columns = slice * splits;
  const col = im2col(gpu, s, x, columns, label);
  const dyT = pixelMatrix(gpu, s, dy, columns, true, label);
  const partial = gpu.tensor([splits, k, s.cOut], `${label} partial`);
  const a: MatrixView = { tensor: col, batch: splits, rows: k, cols: slice, batchStride: slice, rowStride: columns, colStride: 1, offset: 0 };
  const b: MatrixView = { tensor: dyT, batch: splits, rows: slice, cols: s.cOut, batchStride: slice * s.cOut, rowStride: s.cOut, colStride: 1, offset: 0 };
  const c: MatrixView = { tensor: partial, batch: splits, rows: k, cols: s.cOut, batchStride: k * s.cOut, rowStride: s.cOut, colStride: 1, offset: 0 };
  launchMatmul(gpu, variant, a, b, c, splits, { label });
  // dW[co, k] = sum over slices of partial[slice, k, co].
  reduceSum(gpu, partial, dWeight, {
    outer: s.cOut, inner: k, countI: splits, countJ: 1,
    strideOuter: 1, strideInner: s.cOut, strideI: k * s.cOut, strideJ: 0,
  }, { beta: accumulate ? 1 : 0, label: `${label} slice sum` });
  [col, dyT, partial].forEach((t) => t.release());
}
