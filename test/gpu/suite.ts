// The kernel suite: every GPU kernel against its float64 reference on
// random shapes that are not multiples of the tile sizes, with outputs
// poisoned (NaN) before each run. It runs unchanged in Node (Dawn) and in
// headless Chromium; each case returns a line with its largest errors.
//
// Tolerances: forward float32 results must be within 1e-5 of the float64
// reference, relative to the sum of absolute products behind each element.
// For a dot product that sum is the scale float32 rounding acts on, while
// plain relative error is meaningless where terms cancel to near zero.
// Gradients that chain several kernels use 1e-4, stated where used.

import {
  type Gpu,
  argmax, axpy, broadcast, conv2dBackwardInput, conv2dBackwardWeight, conv2dForward, convShape,
  infoNceBackward, infoNceLogits, launchConvBackwardInput, launchConvBackwardWeight, launchConvForward,
  launchMatmul, linearBackward, matmulPackedVariants, matmulVec4Variants, vec4Eligible, linearForward, matmulVariants, matrix, mean, meanLastAxis, permute,
  positionsView, probeBackward, probeForward, reduceSum, reluBackward, softmaxCrossEntropy, transpose,
  uploadFrames, adamStep, type MatrixView, type Variant,
} from "../../src/gpu/index.ts";
import * as ref from "../../src/gpu/reference.ts";
import { abs, expect, expectClose, expectEqual, poisoned, randomArray, randomTensor, rng } from "./check.ts";
import { gradientCheck } from "./gradcheck.ts";
import { nhwcKernelCases } from "./suite-nhwc.ts";

/** One test of the suite. */
export interface KernelCase {
  name: string;
  run(gpu: Gpu): Promise<string>;
}

const FORWARD_RTOL = 1e-5;

function fmt(errors: Record<string, number>): string {
  return Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(", ");
}

const CONV_SHAPES = [
  { x: [2, 3, 13, 11], w: [5, 3, 4, 3], stride: 2 },
  { x: [1, 1, 25, 22], w: [6, 1, 8, 8], stride: 4 },
  { x: [3, 4, 9, 7], w: [7, 4, 3, 3], stride: 1 },
  { x: [2, 2, 10, 9], w: [3, 2, 2, 2], stride: 3 },
  // C_out a multiple of 4, so the im2col path runs for every pass.
  { x: [3, 4, 11, 12], w: [8, 4, 3, 3], stride: 2 },
  { x: [1, 2, 8, 7], w: [4, 2, 2, 2], stride: 1 },
];

const IM2COL: Variant = { name: "im2col16x4", shader: "matmul_vec4", overrides: { WG_X: 16, WG_Y: 4 }, options: { im2col: 1 } };

function forwardVariants(): Variant[] {
  return [
    { name: "reg64x1", shader: "conv2d_forward", overrides: { WG_X: 64, WG_Y: 1 } },
    { name: "reg8x8", shader: "conv2d_forward", overrides: { WG_X: 8, WG_Y: 8 } },
    { name: "tiled16x8k16", shader: "conv2d_forward_tiled", overrides: { WG_X: 16, WG_Y: 8, TILE_K: 16 } },
    { name: "tiled8x8k32", shader: "conv2d_forward_tiled", overrides: { WG_X: 8, WG_Y: 8, TILE_K: 32 } },
  ];
}

async function convForwardCase(gpu: Gpu): Promise<string> {
  const random = rng(1);
  let worst = 0;
  for (const [i, c] of CONV_SHAPES.entries()) {
    const x = randomTensor(gpu, random, c.x, "x");
    const w = randomTensor(gpu, random, c.w, "w");
    const b = randomTensor(gpu, random, [c.w[0]], "b");
    const s = convShape(c.x, c.w, c.stride);
    const outShape = [s.batch, s.cOut, s.outH, s.outW];
    const taps = c.w[1] * c.w[2] * c.w[3];
    const vec4Weights: Variant = { name: "vec4w16x4", shader: "conv2d_forward_vec4", overrides: { WG_X: 16, WG_Y: 4 } };
    for (const variant of [...forwardVariants(), ...(taps % 4 === 0 ? [IM2COL, vec4Weights] : [])]) {
      for (const relu of [false, true]) {
        const y = poisoned(gpu, outShape, "y");
        launchConvForward(gpu, variant, s, x.tensor, w.tensor, b.tensor, y, relu);
        const want = ref.conv2dForwardRef(x.data, c.x, w.data, c.w, b.data, c.stride, relu);
        const bound = ref.conv2dForwardRef(abs(x.data), c.x, abs(w.data), c.w, abs(b.data), c.stride, false);
        const label = `conv forward shape ${i} ${variant.name} relu=${relu}`;
        worst = Math.max(worst, expectClose(label, await gpu.read(y), want, FORWARD_RTOL, bound));
        y.release();
      }
    }
    // The public launcher, with the autotuner's default variant and no bias.
    const y = conv2dForward(gpu, x.tensor, w.tensor, null, { stride: c.stride, out: poisoned(gpu, outShape, "y") });
    const want = ref.conv2dForwardRef(x.data, c.x, w.data, c.w, null, c.stride, false);
    const bound = ref.conv2dForwardRef(abs(x.data), c.x, abs(w.data), c.w, null, c.stride, false);
    worst = Math.max(worst, expectClose(`conv2dForward shape ${i}`, await gpu.read(y), want, FORWARD_RTOL, bound));
    [x.tensor, w.tensor, b.tensor, y].forEach((t) => t.release());
  }
  return fmt({ "max error": worst });
}

async function convBackwardInputCase(gpu: Gpu): Promise<string> {
  const random = rng(2);
  let worst = 0;
  const variants: Variant[] = [
    { name: "reg64x1", shader: "conv2d_backward_input", overrides: { WG_X: 64, WG_Y: 1 } },
    { name: "reg8x8", shader: "conv2d_backward_input", overrides: { WG_X: 8, WG_Y: 8 } },
  ];
  for (const [i, c] of CONV_SHAPES.entries()) {
    const s = convShape(c.x, c.w, c.stride);
    const dy = randomTensor(gpu, random, [s.batch, s.cOut, s.outH, s.outW], "dy");
    const w = randomTensor(gpu, random, c.w, "w");
    const want = ref.conv2dBackwardInputRef(dy.data, c.x, w.data, c.w, c.stride);
    const bound = ref.conv2dBackwardInputRef(abs(dy.data), c.x, abs(w.data), c.w, c.stride);
    for (const variant of [...variants, ...(c.w[0] % 4 === 0 ? [IM2COL] : [])]) {
      const dx = poisoned(gpu, c.x, "dx");
      launchConvBackwardInput(gpu, variant, s, dy.tensor, w.tensor, dx);
      const got = await gpu.read(dx);
      // Elements no output depends on must be exactly 0.
      worst = Math.max(worst, expectClose(`conv dx shape ${i} ${variant.name}`, got, want, FORWARD_RTOL, bound.map((v) => v || 1)));
      dx.release();
    }
    const dx = conv2dBackwardInput(gpu, dy.tensor, w.tensor, { stride: c.stride, inputShape: c.x });
    worst = Math.max(worst, expectClose(`conv2dBackwardInput shape ${i}`, await gpu.read(dx), want, FORWARD_RTOL, bound.map((v) => v || 1)));
    [dy.tensor, w.tensor, dx].forEach((t) => t.release());
  }
  return fmt({ "max error": worst });
}

async function convBackwardWeightCase(gpu: Gpu): Promise<string> {
  const random = rng(3);
  let worst = 0;
  for (const [i, c] of CONV_SHAPES.entries()) {
    const s = convShape(c.x, c.w, c.stride);
    const dyShape = [s.batch, s.cOut, s.outH, s.outW];
    const dy = randomTensor(gpu, random, dyShape, "dy");
    const x = randomTensor(gpu, random, c.x, "x");
    const want = ref.conv2dBackwardWeightRef(dy.data, x.data, c.x, c.w, c.stride);
    const bound = ref.conv2dBackwardWeightRef(abs(dy.data), abs(x.data), c.x, c.w, c.stride);
    const im2colSplits = c.w[0] % 4 === 0 ? [1, 3] : [];
    const weightVariants: Variant[] = [
      ...[1, 2, 3].map((splits) => ({
        name: `split${splits}`, shader: "conv2d_backward_weight" as const, overrides: { WG_X: 8, WG_Y: 4 }, options: { splits },
      })),
      ...im2colSplits.map((splits) => ({ ...IM2COL, name: `im2col split${splits}`, options: { im2col: 1, splits } })),
    ];
    for (const variant of weightVariants) {
      const splits = variant.name;
      const dw = poisoned(gpu, c.w, "dw");
      launchConvBackwardWeight(gpu, variant, s, dy.tensor, x.tensor, dw, false);
      worst = Math.max(worst, expectClose(`conv dW shape ${i} ${splits}`, await gpu.read(dw), want, FORWARD_RTOL, bound));
      dw.release();
    }
    // Accumulating launcher with the bias gradient: start from known values.
    const start = randomArray(random, want.length);
    const startBias = randomArray(random, s.cOut);
    const dw = gpu.upload(start, c.w, "dw");
    const db = gpu.upload(startBias, [s.cOut], "db");
    conv2dBackwardWeight(gpu, dy.tensor, x.tensor, { stride: c.stride, dWeight: dw, dBias: db, accumulate: true });
    const wantAcc = want.map((v, j) => v + start[j]);
    worst = Math.max(worst, expectClose(`conv dW accumulate shape ${i}`, await gpu.read(dw), wantAcc, FORWARD_RTOL, bound.map((v, j) => v + Math.abs(start[j]))));
    const wantBias = ref.biasGradientRef(dy.data, dyShape).map((v, j) => v + startBias[j]);
    const boundBias = ref.biasGradientRef(abs(dy.data), dyShape).map((v, j) => v + Math.abs(startBias[j]));
    worst = Math.max(worst, expectClose(`conv db shape ${i}`, await gpu.read(db), wantBias, FORWARD_RTOL, boundBias));
    [dy.tensor, x.tensor, dw, db].forEach((t) => t.release());
  }
  return fmt({ "max error": worst });
}

/** Reads the dense [batch, rows, cols] matrices of a view out of host data. */
function gatherView(data: ArrayLike<number>, v: MatrixView, batch: number): Float64Array {
  const out = new Float64Array(batch * v.rows * v.cols);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < v.rows; i++)
      for (let j = 0; j < v.cols; j++) {
        const bs = v.batch === 1 ? 0 : v.batchStride;
        out[(b * v.rows + i) * v.cols + j] = data[v.offset + b * bs + i * v.rowStride + j * v.colStride];
      }
  return out;
}

async function matmulCase(gpu: Gpu): Promise<string> {
  const random = rng(4);
  let worst = 0;
  // K and N multiples of 4 let the vec4 variants run on the untransposed A; M is not.
  const [m, k, n, batch] = [37, 24, 28, 3];
  const a = randomTensor(gpu, random, [batch, m, k], "a");
  const aT = randomTensor(gpu, random, [batch, k, m], "aT");
  const b = randomTensor(gpu, random, [k, n], "b");
  const bias = randomTensor(gpu, random, [batch, m], "bias");
  const cStart = randomArray(random, batch * m * n);
  const views: [string, MatrixView, Float32Array][] = [
    ["A", matrix(a.tensor), a.data],
    ["A^T", transpose(matrix(aT.tensor)), aT.data],
  ];
  for (const variant of [...matmulVariants, ...matmulVec4Variants, ...matmulPackedVariants]) {
    for (const [name, av, adata] of views) {
      if (variant.shader === "matmul_vec4" && !variant.options?.pack && !vec4Eligible(av, matrix(b.tensor))) continue;
      const bv = broadcast(matrix(b.tensor), batch);
      const dense = gatherView(adata, av, batch);
      // Plain product into a poisoned C, then alpha/beta/bias/ReLU onto known C.
      const c = poisoned(gpu, [batch, m, n], "c");
      launchMatmul(gpu, variant, av, bv, matrix(c), batch, {});
      const want = new Float64Array(batch * m * n);
      const bound = new Float64Array(batch * m * n);
      for (let q = 0; q < batch; q++) {
        want.set(ref.matmulRef(dense.subarray(q * m * k, (q + 1) * m * k), b.data, m, k, n), q * m * n);
        bound.set(ref.matmulRef(abs(dense.subarray(q * m * k, (q + 1) * m * k)), abs(b.data), m, k, n), q * m * n);
      }
      worst = Math.max(worst, expectClose(`matmul ${variant.name} ${name}`, await gpu.read(c), want, FORWARD_RTOL, bound));
      gpu.write(c, cStart);
      launchMatmul(gpu, variant, av, bv, matrix(c), batch, {
        alpha: 0.5, beta: -2, relu: true, bias: { tensor: bias.tensor, along: "rows", batchStride: m },
      });
      const want2 = want.map((v, i) => Math.max(0, 0.5 * v - 2 * cStart[i] + bias.data[Math.floor(i / n)]));
      const bound2 = bound.map((v, i) => 0.5 * v + 2 * Math.abs(cStart[i]) + Math.abs(bias.data[Math.floor(i / n)]));
      worst = Math.max(worst, expectClose(`matmul epilogue ${variant.name} ${name}`, await gpu.read(c), want2, FORWARD_RTOL, bound2));
      // Sum over the batch into one C (batch stride 0 output).
      const sum = poisoned(gpu, [m, n], "sum");
      launchMatmul(gpu, variant, av, bv, matrix(sum), batch, {});
      const wantSum = new Float64Array(m * n).map((_, i) => want[i] + want[i + m * n] + want[i + 2 * m * n]);
      const boundSum = new Float64Array(m * n).map((_, i) => bound[i] + bound[i + m * n] + bound[i + 2 * m * n]);
      worst = Math.max(worst, expectClose(`matmul batch sum ${variant.name} ${name}`, await gpu.read(sum), wantSum, FORWARD_RTOL, boundSum));
      c.release();
      sum.release();
    }
  }
  [a.tensor, aT.tensor, b.tensor, bias.tensor].forEach((t) => t.release());
  return fmt({ "max error": worst });
}

async function linearCase(gpu: Gpu): Promise<string> {
  const random = rng(5);
  const [n, inF, outF] = [7, 19, 13];
  const x = randomTensor(gpu, random, [n, inF], "x");
  const w = randomTensor(gpu, random, [outF, inF], "w");
  const b = randomTensor(gpu, random, [outF], "b");
  const dy = randomTensor(gpu, random, [n, outF], "dy");
  const y = linearForward(gpu, x.tensor, w.tensor, b.tensor, { relu: true, out: poisoned(gpu, [n, outF], "y") });
  const errors: Record<string, number> = {};
  errors.forward = expectClose("linear forward", await gpu.read(y), ref.linearForwardRef(x.data, w.data, b.data, n, inF, outF, true), FORWARD_RTOL, ref.linearForwardRef(abs(x.data), abs(w.data), abs(b.data), n, inF, outF));
  const grads = { dx: poisoned(gpu, [n, inF], "dx"), dWeight: poisoned(gpu, [outF, inF], "dW"), dBias: poisoned(gpu, [outF], "db") };
  linearBackward(gpu, dy.tensor, x.tensor, w.tensor, grads);
  errors.dx = expectClose("linear dx", await gpu.read(grads.dx), ref.matmulRef(dy.data, w.data, n, outF, inF), FORWARD_RTOL, ref.matmulRef(abs(dy.data), abs(w.data), n, outF, inF));
  const dyT = ref.transposeRef(dy.data, n, outF);
  errors.dW = expectClose("linear dW", await gpu.read(grads.dWeight), ref.matmulRef(dyT, x.data, outF, n, inF), FORWARD_RTOL, ref.matmulRef(abs(dyT), abs(x.data), outF, n, inF));
  errors.db = expectClose("linear db", await gpu.read(grads.dBias), ref.biasGradientRef(dy.data, [n, outF]), FORWARD_RTOL, ref.biasGradientRef(abs(dy.data), [n, outF]));
  [x, w, b, dy].forEach((t) => t.tensor.release());
  [y, grads.dx, grads.dWeight, grads.dBias].forEach((t) => t.release());
  return fmt(errors);
}

async function infoNceCase(gpu: Gpu): Promise<string> {
  const random = rng(6);
  const [n, c, h, w] = [6, 5, 3, 4];
  const p = h * w;
  const local = randomTensor(gpu, random, [n, c, h, w], "local");
  const global = randomTensor(gpu, random, [n, c], "global");
  const dense = ref.permuteRef(local.data, [n, c, h * w], [2, 0, 1]); // [P, N, C]
  const errors: Record<string, number> = {};
  // Local against local at the same position.
  const scores = infoNceLogits(gpu, positionsView(local.tensor), positionsView(local.tensor), { out: poisoned(gpu, [p, n, n], "scores") });
  errors.local = expectClose("infonce local", await gpu.read(scores), ref.infoNceLogitsRef(dense, dense, p, n, c), FORWARD_RTOL, ref.infoNceLogitsRef(abs(dense), abs(dense), p, n, c));
  // Global (broadcast over positions) against local.
  const globalRepeated = new Float64Array(p * n * c).map((_, i) => global.data[i % (n * c)]);
  const scores2 = infoNceLogits(gpu, matrix(global.tensor), positionsView(local.tensor), { out: poisoned(gpu, [p, n, n], "scores2") });
  const want2 = ref.infoNceLogitsRef(globalRepeated, dense, p, n, c);
  errors.global = expectClose("infonce global", await gpu.read(scores2), want2, FORWARD_RTOL, ref.infoNceLogitsRef(abs(globalRepeated), abs(dense), p, n, c));
  // Backward: dGlobal sums over positions; dLocal is written through the NCHW view.
  const dS = randomTensor(gpu, random, [p, n, n], "dscores");
  const dGlobal = poisoned(gpu, [n, c], "dglobal");
  const dLocal = poisoned(gpu, [n, c, h, w], "dlocal");
  infoNceBackward(gpu, dS.tensor, matrix(global.tensor), positionsView(local.tensor), { da: matrix(dGlobal), db: positionsView(dLocal) });
  const wantDg = new Float64Array(n * c);
  const wantDl = new Float64Array(p * n * c);
  for (let q = 0; q < p; q++) {
    const d = dS.data.subarray(q * n * n, (q + 1) * n * n);
    const lq = dense.subarray(q * n * c, (q + 1) * n * c);
    ref.matmulRef(d, lq, n, n, c).forEach((v, i) => (wantDg[i] += v));
    wantDl.set(ref.matmulRef(ref.transposeRef(d, n, n), global.data, n, n, c), q * n * c);
  }
  errors.dGlobal = expectClose("infonce dglobal", await gpu.read(dGlobal), wantDg, 1e-5, 1 * p * n);
  errors.dLocal = expectClose("infonce dlocal", ref.permuteRef(await gpu.read(dLocal), [n, c, p], [2, 0, 1]), wantDl, 1e-5, n);
  [local, global, dS].forEach((t) => t.tensor.release());
  [scores, scores2, dGlobal, dLocal].forEach((t) => t.release());
  return fmt(errors);
}

async function crossEntropyCase(gpu: Gpu): Promise<string> {
  const random = rng(7);
  const errors: Record<string, number> = {};
  for (const [p, n] of [[3, 5], [2, 70]]) {
    const logits = randomTensor(gpu, random, [p, n, n], "scores", 4);
    const rows = p * n;
    const out = softmaxCrossEntropy(gpu, logits.tensor, "diagonal", { loss: poisoned(gpu, [rows], "loss"), grad: poisoned(gpu, [p, n, n], "grad") });
    const want = ref.softmaxCrossEntropyRef(logits.data, rows, n, "diagonal", 1 / rows);
    // Loss values are a few units; exp and log in float32 leave ~1e-6 absolute error.
    errors[`diag ${n} loss`] = expectClose(`ce diagonal ${n} loss`, await gpu.read(out.loss), want.loss, FORWARD_RTOL, want.loss.map((v) => Math.max(Math.abs(v), 1)));
    errors[`diag ${n} grad`] = expectClose(`ce diagonal ${n} grad`, await gpu.read(out.grad), want.grad, FORWARD_RTOL, 1 / rows);
    [logits.tensor, out.loss, out.grad].forEach((t) => t.release());
  }
  const [labels, batch, classes] = [3, 9, 256];
  const logits = randomTensor(gpu, random, [labels, batch, classes], "logits", 3);
  const targets = Uint32Array.from({ length: labels * batch }, () => Math.floor(random() * classes));
  const targetTensor = gpu.upload(targets, [labels, batch], "targets", "u32");
  const out = softmaxCrossEntropy(gpu, logits.tensor, targetTensor, { scale: 1 / batch, loss: poisoned(gpu, [labels * batch], "loss"), grad: poisoned(gpu, [labels, batch, classes], "grad") });
  const want = ref.softmaxCrossEntropyRef(logits.data, labels * batch, classes, targets, 1 / batch);
  errors["index loss"] = expectClose("ce indices loss", await gpu.read(out.loss), want.loss, FORWARD_RTOL, want.loss.map((v) => Math.max(Math.abs(v), 1)));
  errors["index grad"] = expectClose("ce indices grad", await gpu.read(out.grad), want.grad, FORWARD_RTOL, 1 / batch);
  const perLabel = meanLastAxis(gpu, out.loss.reshape([labels, batch]), poisoned(gpu, [labels], "per label"));
  const wantPerLabel = Array.from({ length: labels }, (_, l) => want.loss.subarray(l * batch, (l + 1) * batch).reduce((s, v) => s + v, 0) / batch);
  errors["per-label mean"] = expectClose("per-label mean", await gpu.read(perLabel), wantPerLabel, FORWARD_RTOL, wantPerLabel.map(Math.abs));
  [logits.tensor, targetTensor, out.loss, out.grad, perLabel].forEach((t) => t.release());
  return fmt(errors);
}

async function reduceCase(gpu: Gpu): Promise<string> {
  const random = rng(8);
  const errors: Record<string, number> = {};
  for (const size of [1, 63, 1000, 70001]) {
    const x = randomTensor(gpu, random, [size], "x");
    const m = mean(gpu, x.tensor, poisoned(gpu, [1], "mean"));
    const want = x.data.reduce((s, v) => s + v, 0) / size;
    const bound = x.data.reduce((s, v) => s + Math.abs(v), 0) / size;
    errors[`mean ${size}`] = expectClose(`mean of ${size}`, await gpu.read(m), [want], FORWARD_RTOL, bound);
    x.tensor.release();
    m.release();
  }
  // Strided spec: sums over axes 0 and 2 of [4, 6, 5], output [2, 3] from axis 1.
  const x = randomTensor(gpu, random, [4, 6, 5], "x");
  const out = poisoned(gpu, [2, 3], "out");
  reduceSum(gpu, x.tensor, out, { outer: 2, inner: 3, countI: 4, countJ: 5, strideOuter: 15, strideInner: 5, strideI: 30, strideJ: 1 }, { scale: 2 });
  const want = new Float64Array(6);
  const bound = new Float64Array(6);
  for (let i = 0; i < 4; i++) for (let c = 0; c < 6; c++) for (let j = 0; j < 5; j++) {
    want[c] += 2 * x.data[i * 30 + c * 5 + j];
    bound[c] += 2 * Math.abs(x.data[i * 30 + c * 5 + j]);
  }
  errors.strided = expectClose("strided reduce", await gpu.read(out), want, FORWARD_RTOL, bound);
  x.tensor.release();
  out.release();
  return fmt(errors);
}

async function elementwiseCase(gpu: Gpu): Promise<string> {
  const random = rng(9);
  const size = 1037;
  const dy = randomTensor(gpu, random, [size], "dy");
  const y = randomTensor(gpu, random, [size], "y");
  y.data[5] = 0;
  gpu.write(y.tensor, y.data);
  const dx = reluBackward(gpu, dy.tensor, y.tensor, poisoned(gpu, [size], "dx"));
  expectEqual("relu backward", await gpu.read(dx), Float32Array.from(ref.reluBackwardRef(dy.data, y.data)));
  const target = gpu.upload(new Float32Array(size).fill(NaN), [size], "y nan");
  axpy(gpu, 3, dy.tensor, 0, target);
  expectClose("axpy beta 0", await gpu.read(target), Array.from(dy.data, (v) => 3 * v), 1e-7, 3);
  axpy(gpu, 1, y.tensor, -0.5, target);
  expectClose("axpy", await gpu.read(target), Array.from(dy.data, (v, i) => y.data[i] - 1.5 * v), 1e-7, 3);
  const shape = [3, 4, 5, 7];
  const t = randomTensor(gpu, random, shape, "t");
  for (const axes of [[0, 2, 3, 1], [3, 2, 1, 0], [1, 0, 2, 3]]) {
    const out = permute(gpu, t.tensor, axes, poisoned(gpu, axes.map((a) => shape[a]), "perm"));
    expectEqual(`permute ${axes}`, await gpu.read(out), Float32Array.from(ref.permuteRef(t.data, shape, axes)));
    out.release();
  }
  const scores = randomTensor(gpu, random, [13, 256], "scores");
  scores.data[3 * 256 + 7] = scores.data[3 * 256 + 9] = 5; // tie: first index wins
  scores.data[4 * 256] = NaN; // NaN skipped
  gpu.write(scores.tensor, scores.data);
  const idx = argmax(gpu, scores.tensor);
  expectEqual("argmax", await gpu.read(idx), ref.argmaxRef(scores.data, 13, 256));
  [dy, y, t, scores].forEach((v) => v.tensor.release());
  [dx, target, idx].forEach((v) => v.release());
  return "exact";
}

async function framesCase(gpu: Gpu): Promise<string> {
  const random = rng(10);
  let worst = 0;
  for (const shape of [[2, 1, 21, 16], [1, 1, 3, 5]]) {
    const size = shape.reduce((p, d) => p * d, 1);
    const bytes = Uint8Array.from({ length: size }, () => Math.floor(random() * 256));
    bytes[0] = 255;
    bytes[1] = 0;
    const frames = uploadFrames(gpu, bytes, shape);
    worst = Math.max(worst, expectClose(`frames ${shape}`, await gpu.read(frames), Array.from(bytes, (b) => b / 255), 1e-7, 1));
    frames.release();
  }
  return fmt({ "max error": worst });
}

async function adamCase(gpu: Gpu): Promise<string> {
  const random = rng(11);
  const size = 777;
  const options = { lr: 3e-4, beta1: 0.9, beta2: 0.999, eps: 1e-5, weightDecay: 0 };
  let param: Float32Array = randomArray(random, size);
  let m: Float32Array = new Float32Array(size);
  let v: Float32Array = new Float32Array(size);
  const p = gpu.upload(param, [size], "param");
  const mt = gpu.zeros([size], "m");
  const vt = gpu.zeros([size], "v");
  let worst = 0;
  for (let step = 1; step <= 3; step++) {
    const grad = randomArray(random, size, 0.1);
    const g = gpu.upload(grad, [size], "grad");
    adamStep(gpu, { param: p, grad: g, m: mt, v: vt }, step, options);
    const want = ref.adamRef(param, grad, m, v, step, options);
    const got = await gpu.read(p);
    // Float32 Adam keeps ~1e-7 relative accuracy of the step (lr-sized) and of the parameter.
    worst = Math.max(worst, expectClose(`adam step ${step}`, got, want.param, FORWARD_RTOL, want.param.map((x) => Math.abs(x) + options.lr)));
    param = got;
    m = await gpu.read(mt);
    v = await gpu.read(vt);
    g.release();
  }
  // Per-group learning rates (one per label of batched probes).
  const groups = gpu.upload(new Float32Array([1e-3, 0, 3e-5]), [3], "lrs");
  const grad = randomArray(random, size, 0.1);
  const g = gpu.upload(grad, [size], "grad");
  adamStep(gpu, { param: p, grad: g, m: mt, v: vt, lrPerGroup: { tensor: groups, groupSize: 259 } }, 4, options);
  const want = ref.adamRef(param, grad, m, v, 4, { ...options, lr: [1e-3, 0, 3e-5], groupSize: 259 });
  worst = Math.max(worst, expectClose("adam per-group lr", await gpu.read(p), want.param, FORWARD_RTOL, want.param.map((x) => Math.abs(x) + 1e-3)));
  [p, mt, vt, groups, g].forEach((t) => t.release());
  return fmt({ "max error": worst });
}

async function probeCase(gpu: Gpu): Promise<string> {
  const random = rng(12);
  const [labels, batch, classes, features] = [5, 11, 256, 21];
  const x = randomTensor(gpu, random, [batch, features], "features");
  const w = randomTensor(gpu, random, [labels, classes, features], "probe w");
  const b = randomTensor(gpu, random, [labels, classes], "probe b");
  const logits = probeForward(gpu, x.tensor, w.tensor, b.tensor, { out: poisoned(gpu, [labels, batch, classes], "logits") });
  const want = new Float64Array(labels * batch * classes);
  const bound = new Float64Array(labels * batch * classes);
  for (let l = 0; l < labels; l++) {
    const wl = w.data.subarray(l * classes * features, (l + 1) * classes * features);
    const bl = b.data.subarray(l * classes, (l + 1) * classes);
    want.set(ref.linearForwardRef(x.data, wl, bl, batch, features, classes), l * batch * classes);
    bound.set(ref.linearForwardRef(abs(x.data), abs(wl), abs(bl), batch, features, classes), l * batch * classes);
  }
  const errors: Record<string, number> = {};
  errors.forward = expectClose("probe forward", await gpu.read(logits), want, FORWARD_RTOL, bound);
  const dL = randomTensor(gpu, random, [labels, batch, classes], "dlogits");
  const dW = poisoned(gpu, [labels, classes, features], "dW");
  const dB = poisoned(gpu, [labels, classes], "dB");
  probeBackward(gpu, dL.tensor, x.tensor, { dWeight: dW, dBias: dB });
  const wantW = new Float64Array(labels * classes * features);
  const boundW = new Float64Array(labels * classes * features);
  const wantB = new Float64Array(labels * classes);
  const boundB = new Float64Array(labels * classes);
  for (let l = 0; l < labels; l++) {
    const dl = ref.transposeRef(dL.data.subarray(l * batch * classes, (l + 1) * batch * classes), batch, classes);
    wantW.set(ref.matmulRef(dl, x.data, classes, batch, features), l * classes * features);
    boundW.set(ref.matmulRef(abs(dl), abs(x.data), classes, batch, features), l * classes * features);
    wantB.set(ref.biasGradientRef(dL.data.subarray(l * batch * classes, (l + 1) * batch * classes), [batch, classes]), l * classes);
    boundB.set(ref.biasGradientRef(abs(dL.data.subarray(l * batch * classes, (l + 1) * batch * classes)), [batch, classes]), l * classes);
  }
  errors.dW = expectClose("probe dW", await gpu.read(dW), wantW, FORWARD_RTOL, boundW);
  errors.dB = expectClose("probe dB", await gpu.read(dB), wantB, FORWARD_RTOL, boundB);
  [x, w, b, dL].forEach((t) => t.tensor.release());
  [logits, dW, dB].forEach((t) => t.release());
  return fmt(errors);
}

async function autotuneCase(gpu: Gpu): Promise<string> {
  const random = rng(13);
  const x = randomTensor(gpu, random, [2, 1, 30, 26], "x");
  const w = randomTensor(gpu, random, [4, 1, 6, 6], "w");
  const results = await gpu.autotune(() => {
    conv2dForward(gpu, x.tensor, w.tensor, null, { stride: 3, label: "tuned conv" }).release();
  }, 1);
  const chosen = results.filter((r) => r.chosen);
  expect(chosen.length === 1, `autotune chose ${chosen.length} variants for one shape`);
  expect(results.every((r) => Number.isFinite(r.milliseconds) && r.milliseconds >= 0), "autotune timings must be finite");
  // The tuned choice must still compute the right result.
  const y = conv2dForward(gpu, x.tensor, w.tensor, null, { stride: 3 });
  const want = ref.conv2dForwardRef(x.data, [2, 1, 30, 26], w.data, [4, 1, 6, 6], null, 3, false);
  const bound = ref.conv2dForwardRef(abs(x.data), [2, 1, 30, 26], abs(w.data), [4, 1, 6, 6], null, 3, false);
  expectClose("tuned conv", await gpu.read(y), want, FORWARD_RTOL, bound);
  [x.tensor, w.tensor, y].forEach((t) => t.release());
  return `chose ${chosen[0].variant} of ${results.length}`;
}

/** Every case, in the order they run. */
export const kernelCases: KernelCase[] = [
  { name: "conv2d forward", run: convForwardCase },
  { name: "conv2d backward input", run: convBackwardInputCase },
  { name: "conv2d backward weight and bias", run: convBackwardWeightCase },
  ...nhwcKernelCases,
  { name: "matmul variants and epilogues", run: matmulCase },
  { name: "linear forward and backward", run: linearCase },
  { name: "infonce scores and backward", run: infoNceCase },
  { name: "softmax cross-entropy", run: crossEntropyCase },
  { name: "reductions", run: reduceCase },
  { name: "elementwise kernels", run: elementwiseCase },
  { name: "uint8 frame upload", run: framesCase },
  { name: "adam", run: adamCase },
  { name: "batched probes", run: probeCase },
  { name: "autotuner", run: autotuneCase },
  { name: "gradient check of tiny st-dim", run: gradientCheck },
];
