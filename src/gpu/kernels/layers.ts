// Linear layers, InfoNCE score matrices and batched linear probes, composed
// from matmul and reduce with PyTorch's layouts.

import type { Gpu } from "../context.ts";
import type { Tensor } from "../tensor.ts";
import { broadcast, matmul, matrix, transpose, type MatrixView } from "./matmul.ts";
import { reduceSum } from "./reduce.ts";

function expectShape(t: Tensor, shape: readonly number[], what: string): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new RangeError(`${what}: ${t} should have shape [${shape.join(", ")}]`);
  }
}

/**
 * Records y = x W^T + b (then ReLU if asked), PyTorch's nn.Linear.
 * x [N, in], weight [out, in], bias [out] or null; returns y [N, out].
 */
export function linearForward(
  gpu: Gpu,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  options: { relu?: boolean; out?: Tensor; label?: string } = {},
): Tensor {
  const [n, inFeatures] = x.shape;
  const [outFeatures] = weight.shape;
  const label = options.label ?? "linear forward";
  expectShape(x, [n, inFeatures], label);
  expectShape(weight, [outFeatures, inFeatures], label);
  if (bias) expectShape(bias, [outFeatures], label);
  const y = options.out ?? gpu.tensor([n, outFeatures], `${label} y`);
  expectShape(y, [n, outFeatures], label);
  matmul(gpu, matrix(x), transpose(matrix(weight)), matrix(y), {
    bias: bias ? { tensor: bias, along: "cols" } : undefined,
    relu: options.relu,
    label,
  });
  return y;
}

/** Gradient outputs of {@link linearBackward}; absent ones are skipped. */
export interface LinearGradients {
  /** dL/dx [N, in]. */
  dx?: Tensor;
  /** dL/dW [out, in]. */
  dWeight?: Tensor;
  /** dL/db [out]. */
  dBias?: Tensor;
  /** Add to the gradients' contents instead of overwriting them. */
  accumulate?: boolean;
}

/**
 * Records the gradients of y = x W^T + b given dy [N, out]:
 * dx = dy W, dW = dy^T x, db = sum over rows of dy.
 */
export function linearBackward(
  gpu: Gpu,
  dy: Tensor,
  x: Tensor,
  weight: Tensor,
  grads: LinearGradients,
  label = "linear backward",
): void {
  const [n, outFeatures] = dy.shape;
  const inFeatures = x.shape[1];
  expectShape(x, [n, inFeatures], label);
  expectShape(weight, [outFeatures, inFeatures], label);
  const beta = grads.accumulate ? 1 : 0;
  if (grads.dx) {
    expectShape(grads.dx, [n, inFeatures], label);
    matmul(gpu, matrix(dy), matrix(weight), matrix(grads.dx), { beta, label: `${label} dx` });
  }
  if (grads.dWeight) {
    expectShape(grads.dWeight, [outFeatures, inFeatures], label);
    matmul(gpu, transpose(matrix(dy)), matrix(x), matrix(grads.dWeight), { beta, label: `${label} dW` });
  }
  if (grads.dBias) {
    expectShape(grads.dBias, [outFeatures], label);
    reduceSum(gpu, dy, grads.dBias, {
      outer: 1, inner: outFeatures, countI: n, countJ: 1,
      strideOuter: 0, strideInner: 1, strideI: outFeatures, strideJ: 0,
    }, { beta, label: `${label} db` });
  }
}

/**
 * Records InfoNCE scores batched over positions: for each p,
 * out[p] = a[p] b[p]^T, where a and b are [P, N, C] views (b may be a
 * broadcast [N, C], batch stride 0). Returns a [P, N, N] tensor;
 * out[p, i, j] scores anchor i against candidate j.
 */
export function infoNceLogits(
  gpu: Gpu,
  a: MatrixView,
  b: MatrixView,
  options: { out?: Tensor; label?: string } = {},
): Tensor {
  const label = options.label ?? "infonce logits";
  const batch = Math.max(a.batch, b.batch);
  const out = options.out ?? gpu.tensor([batch, a.rows, b.rows], `${label} scores`);
  expectShape(out, [batch, a.rows, b.rows], label);
  matmul(gpu, a, transpose(b), matrix(out), { label });
  return out;
}

/**
 * Records the gradients of {@link infoNceLogits} given dScores [P, N, N]:
 * da[p] = dScores[p] b[p] and db[p] = dScores[p]^T a[p]. The outputs are
 * views like the inputs (for example {@link positionsView} of an NCHW
 * gradient); a view with batch stride 0 receives the sum over positions.
 */
export function infoNceBackward(
  gpu: Gpu,
  dScores: Tensor,
  a: MatrixView,
  b: MatrixView,
  grads: { da?: MatrixView; db?: MatrixView; accumulate?: boolean },
  label = "infonce backward",
): void {
  const beta = grads.accumulate ? 1 : 0;
  const d = matrix(dScores);
  if (grads.da) matmul(gpu, d, b, grads.da, { beta, label: `${label} da` });
  if (grads.db) matmul(gpu, transpose(d), a, grads.db, { beta, label: `${label} db` });
}

/**
 * Records the scores of L linear probes on shared features:
 * logits[l] = features W[l]^T + bias[l]. features [B, F], weights
 * [L, K, F], bias [L, K]; returns logits [L, B, K].
 */
export function probeForward(
  gpu: Gpu,
  features: Tensor,
  weights: Tensor,
  bias: Tensor,
  options: { out?: Tensor; label?: string } = {},
): Tensor {
  const label = options.label ?? "probe forward";
  const [batch, featureSize] = features.shape;
  const [labels, classes] = weights.shape;
  expectShape(weights, [labels, classes, featureSize], label);
  expectShape(bias, [labels, classes], label);
  const out = options.out ?? gpu.tensor([labels, batch, classes], `${label} logits`);
  expectShape(out, [labels, batch, classes], label);
  const w: MatrixView = {
    tensor: weights, batch: labels, rows: featureSize, cols: classes,
    batchStride: classes * featureSize, rowStride: 1, colStride: featureSize, offset: 0,
  };
  matmul(gpu, broadcast(matrix(features), labels), w, matrix(out), {
    bias: { tensor: bias, along: "cols", batchStride: classes },
    label,
  });
  return out;
}

/**
 * Records the weight and bias gradients of {@link probeForward} given
 * dLogits [L, B, K]: dW[l] = dLogits[l]^T features, dBias[l] = column sums
 * of dLogits[l].
 */
export function probeBackward(
  gpu: Gpu,
  dLogits: Tensor,
  features: Tensor,
  grads: { dWeight: Tensor; dBias: Tensor; accumulate?: boolean },
  label = "probe backward",
): void {
  const [labels, batch, classes] = dLogits.shape;
  const featureSize = features.shape[1];
  expectShape(features, [batch, featureSize], label);
  expectShape(grads.dWeight, [labels, classes, featureSize], label);
  expectShape(grads.dBias, [labels, classes], label);
  const beta = grads.accumulate ? 1 : 0;
  matmul(gpu, transpose(matrix(dLogits)), broadcast(matrix(features), labels), matrix(grads.dWeight), {
    beta,
    label: `${label} dW`,
  });
  reduceSum(gpu, dLogits, grads.dBias, {
    outer: labels, inner: classes, countI: batch, countJ: 1,
    strideOuter: batch * classes, strideInner: 1, strideI: classes, strideJ: 0,
  }, { beta, label: `${label} db` });
}
