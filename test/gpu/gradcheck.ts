// Finite-difference check of a composed loss. A tiny ST-DIM network (two
// convolutions, a linear layer to a global feature, two heads, both InfoNCE
// losses over every spatial position) runs forward and backward with the
// GPU kernels. Its gradients are compared with central differences of the
// same loss computed in float64.

import {
  type Gpu, type Tensor,
  conv2dBackwardInput, conv2dBackwardWeight, conv2dForward, infoNceBackward, infoNceLogits,
  linearBackward, linearForward, matmul, matrix, mean, positionsView, reduceSum, reluBackward,
  softmaxCrossEntropy, transpose, axpy,
} from "../../src/gpu/index.ts";
import * as ref from "../../src/gpu/reference.ts";
import { expectClose, randomArray, rng } from "./check.ts";

const N = 4;
const FRAME = [N, 1, 10, 12];
const SHAPES: Record<string, number[]> = {
  w1: [2, 1, 4, 4], b1: [2],
  w2: [3, 2, 2, 2], b2: [3],
  wf: [5, 36], bf: [5],
  wh1: [3, 5], bh1: [3],
  wh2: [3, 3], bh2: [3],
};
const NAMES = Object.keys(SHAPES);
type Params = Record<string, Float64Array>;

/** Float64 forward of the tiny network: returns loss1 + loss2. */
function lossRef(p: Params, xt: Float32Array, xp: Float32Array): number {
  const encode = (x: Float32Array) => {
    const a1 = ref.conv2dForwardRef(x, FRAME, p.w1, SHAPES.w1, p.b1, 2, true);
    const local = ref.conv2dForwardRef(a1, [N, 2, 4, 5], p.w2, SHAPES.w2, p.b2, 1, true);
    const global = ref.linearForwardRef(local, p.wf, p.bf, N, 36, 5);
    return { local: ref.permuteRef(local, [N, 3, 12], [2, 0, 1]), global };
  };
  const t = encode(xt);
  const prev = encode(xp);
  const g1 = ref.linearForwardRef(t.global, p.wh1, p.bh1, N, 5, 3);
  const g1Repeated = new Float64Array(12 * N * 3).map((_, i) => g1[i % (N * 3)]);
  const h2 = ref.linearForwardRef(t.local, p.wh2, p.bh2, 12 * N, 3, 3);
  const rows = 12 * N;
  const ce = (scores: Float64Array) =>
    ref.softmaxCrossEntropyRef(scores, rows, N, "diagonal", 1).loss.reduce((s, v) => s + v, 0) / rows;
  return ce(ref.infoNceLogitsRef(g1Repeated, prev.local, 12, N, 3)) + ce(ref.infoNceLogitsRef(h2, prev.local, 12, N, 3));
}

interface Encoded { a1: Tensor; local: Tensor; global: Tensor }

function encode(gpu: Gpu, w: Record<string, Tensor>, x: Tensor): Encoded {
  const a1 = conv2dForward(gpu, x, w.w1, w.b1, { stride: 2, relu: true });
  const local = conv2dForward(gpu, a1, w.w2, w.b2, { stride: 1, relu: true });
  const global = linearForward(gpu, local.reshape([N, 36]), w.wf, w.bf);
  return { a1, local, global };
}

/** Backward through the encoder from dLocal (which it overwrites). */
function encoderBackward(gpu: Gpu, w: Record<string, Tensor>, g: Record<string, Tensor>, x: Tensor, e: Encoded, dLocal: Tensor): void {
  const dz2 = reluBackward(gpu, dLocal, e.local);
  conv2dBackwardWeight(gpu, dz2, e.a1, { stride: 1, dWeight: g.w2, dBias: g.b2, accumulate: true });
  const da1 = conv2dBackwardInput(gpu, dz2, w.w2, { stride: 1, inputShape: e.a1.shape });
  const dz1 = reluBackward(gpu, da1, e.a1);
  conv2dBackwardWeight(gpu, dz1, x, { stride: 2, dWeight: g.w1, dBias: g.b1, accumulate: true });
  [dz2, da1, dz1].forEach((t) => t.release());
}

/** GPU loss and gradients of the tiny network. */
async function gpuLossAndGradients(gpu: Gpu, p: Params, xt: Float32Array, xp: Float32Array) {
  const w: Record<string, Tensor<"f32">> = {};
  const g: Record<string, Tensor<"f32">> = {};
  for (const name of NAMES) {
    w[name] = gpu.upload(Float32Array.from(p[name]), SHAPES[name], name);
    g[name] = gpu.zeros(SHAPES[name], `d${name}`);
  }
  const x = { t: gpu.upload(xt, FRAME, "x_t"), prev: gpu.upload(xp, FRAME, "x_prev") };
  const t = encode(gpu, w, x.t);
  const prev = encode(gpu, w, x.prev);
  const P = 12;
  const rows = P * N;

  // loss1: head1(global_t) against local_prev at every position.
  const g1 = linearForward(gpu, t.global, w.wh1, w.bh1);
  const s1 = infoNceLogits(gpu, matrix(g1), positionsView(prev.local));
  const ce1 = softmaxCrossEntropy(gpu, s1, "diagonal");
  // loss2: head2(local_t) against local_prev at the same position; h2 is [P, N, 3].
  const h2 = gpu.tensor([P, N, 3], "h2");
  matmul(gpu, positionsView(t.local), transpose(matrix(w.wh2)), matrix(h2), { bias: { tensor: w.bh2, along: "cols" } });
  const s2 = infoNceLogits(gpu, matrix(h2), positionsView(prev.local));
  const ce2 = softmaxCrossEntropy(gpu, s2, "diagonal");
  const loss1 = mean(gpu, ce1.loss);
  const loss2 = mean(gpu, ce2.loss);

  // Backward through the scores into the heads and the local features.
  const dG1 = gpu.tensor([N, 3], "dg1");
  const dH2 = gpu.tensor([P, N, 3], "dh2");
  const dLocalPrev = gpu.tensor(prev.local.shape, "dlocal prev");
  const dLocalT = gpu.tensor(t.local.shape, "dlocal t");
  infoNceBackward(gpu, ce1.grad, matrix(g1), positionsView(prev.local), { da: matrix(dG1), db: positionsView(dLocalPrev) });
  infoNceBackward(gpu, ce2.grad, matrix(h2), positionsView(prev.local), { da: matrix(dH2), db: positionsView(dLocalPrev), accumulate: true });
  // head2 over positions: dLocal_t = dH2 W, dW = sum_p dH2[p]^T local_t[p], db = sum of dH2.
  matmul(gpu, matrix(dH2), matrix(w.wh2), positionsView(dLocalT));
  matmul(gpu, transpose(matrix(dH2)), positionsView(t.local), matrix(g.wh2), { beta: 1 });
  reduceSum(gpu, dH2, g.bh2, { outer: 1, inner: 3, countI: rows, countJ: 1, strideOuter: 0, strideInner: 1, strideI: 3, strideJ: 0 }, { beta: 1 });
  // head1, then the encoder's linear layer into dLocal_t.
  const dGlobal = gpu.tensor([N, 5], "dglobal");
  linearBackward(gpu, dG1, t.global, w.wh1, { dx: dGlobal, dWeight: g.wh1, dBias: g.bh1, accumulate: true });
  const dLocalFlat = gpu.tensor([N, 36], "dlocal flat");
  linearBackward(gpu, dGlobal, t.local.reshape([N, 36]), w.wf, { dx: dLocalFlat, dWeight: g.wf, dBias: g.bf, accumulate: true });
  axpy(gpu, 1, dLocalFlat, 1, dLocalT.reshape([N, 36]));
  encoderBackward(gpu, w, g, x.t, t, dLocalT);
  encoderBackward(gpu, w, g, x.prev, prev, dLocalPrev);

  const loss = (await gpu.read(loss1))[0] + (await gpu.read(loss2))[0];
  const grads: Record<string, Float32Array> = {};
  for (const name of NAMES) grads[name] = await gpu.read(g[name]);
  for (const tensor of [...Object.values(w), ...Object.values(g), x.t, x.prev, t.a1, t.local, t.global, prev.a1, prev.local, prev.global,
    g1, s1, ce1.loss, ce1.grad, h2, s2, ce2.loss, ce2.grad, loss1, loss2, dG1, dH2, dLocalPrev, dLocalT, dGlobal, dLocalFlat]) {
    tensor.release();
  }
  return { loss, grads };
}

/** Runs the check; returns a summary line with the largest errors. */
export async function gradientCheck(gpu: Gpu): Promise<string> {
  const random = rng(42);
  const p: Params = {};
  for (const name of NAMES) {
    const size = SHAPES[name].reduce((a, d) => a * d, 1);
    const fanIn = SHAPES[name].length > 1 ? size / SHAPES[name][0] : 4;
    // Float32 values, so the GPU and the reference see the same parameters.
    // Positive biases keep most ReLUs active, so every path carries gradient.
    const values = randomArray(random, size, 1.5 / Math.sqrt(fanIn));
    p[name] = Float64Array.from(values, (v) => (name.startsWith("b") ? Math.abs(v) + 0.1 : v));
  }
  const xt = Float32Array.from({ length: FRAME.reduce((a, d) => a * d, 1) }, () => random());
  const xp = Float32Array.from({ length: xt.length }, () => random());

  const { loss, grads } = await gpuLossAndGradients(gpu, p, xt, xp);
  const want = lossRef(p, xt, xp);
  const lossError = expectClose("tiny st-dim loss", [loss], [want], 1e-5, Math.abs(want));

  const h = 1e-6;
  const errors: string[] = [];
  for (const name of NAMES) {
    const fd = new Float64Array(p[name].length);
    for (let i = 0; i < fd.length; i++) {
      const keep = p[name][i];
      p[name][i] = keep + h;
      const up = lossRef(p, xt, xp);
      p[name][i] = keep - h;
      const down = lossRef(p, xt, xp);
      p[name][i] = keep;
      fd[i] = (up - down) / (2 * h);
    }
    // Gradients chain about ten float32 kernels; 1e-4 of the tensor's largest
    // gradient leaves room for that while catching any wrong term.
    const scale = Math.max(...fd.map(Math.abs));
    const error = expectClose(`gradient of ${name}`, grads[name], fd, 1e-4, scale);
    errors.push(`${name} ${error.toExponential(1)}`);
  }
  return `loss error ${lossError.toExponential(1)}, gradient errors: ${errors.join(", ")}`;
}
