// Float64 reference implementations of every kernel, written for clarity.
// Tests compare the GPU kernels against them; array layouts are the
// kernels' (row-major, NCHW, PyTorch weight layouts).

type Numbers = ArrayLike<number>;

/** Output height and width of an unpadded convolution. */
export function convOutputSize(h: number, w: number, kh: number, kw: number, stride: number): [number, number] {
  return [Math.floor((h - kh) / stride) + 1, Math.floor((w - kw) / stride) + 1];
}

/** y = conv2d(x, w, stride) + b, then ReLU if `relu`; x NCHW, w [Co, Ci, KH, KW]. */
export function conv2dForwardRef(
  x: Numbers, xShape: readonly number[], w: Numbers, wShape: readonly number[],
  b: Numbers | null, stride: number, relu: boolean,
): Float64Array {
  const [n, ci, h, wd] = xShape;
  const [co, , kh, kw] = wShape;
  const [oh, ow] = convOutputSize(h, wd, kh, kw, stride);
  const y = new Float64Array(n * co * oh * ow);
  for (let img = 0; img < n; img++)
    for (let o = 0; o < co; o++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          let sum = b ? b[o] : 0;
          for (let c = 0; c < ci; c++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const xv = x[((img * ci + c) * h + oy * stride + ky) * wd + ox * stride + kx];
                sum += w[((o * ci + c) * kh + ky) * kw + kx] * xv;
              }
          y[((img * co + o) * oh + oy) * ow + ox] = relu ? Math.max(sum, 0) : sum;
        }
  return y;
}

/** dx of an unpadded convolution from dy [N, Co, OH, OW]. */
export function conv2dBackwardInputRef(
  dy: Numbers, xShape: readonly number[], w: Numbers, wShape: readonly number[], stride: number,
): Float64Array {
  const [n, ci, h, wd] = xShape;
  const [co, , kh, kw] = wShape;
  const [oh, ow] = convOutputSize(h, wd, kh, kw, stride);
  const dx = new Float64Array(n * ci * h * wd);
  for (let img = 0; img < n; img++)
    for (let o = 0; o < co; o++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          const g = dy[((img * co + o) * oh + oy) * ow + ox];
          for (let c = 0; c < ci; c++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                dx[((img * ci + c) * h + oy * stride + ky) * wd + ox * stride + kx] +=
                  w[((o * ci + c) * kh + ky) * kw + kx] * g;
              }
        }
  return dx;
}

/** dW [Co, Ci, KH, KW] of an unpadded convolution from dy and x. */
export function conv2dBackwardWeightRef(
  dy: Numbers, x: Numbers, xShape: readonly number[], wShape: readonly number[], stride: number,
): Float64Array {
  const [n, ci, h, wd] = xShape;
  const [co, , kh, kw] = wShape;
  const [oh, ow] = convOutputSize(h, wd, kh, kw, stride);
  const dw = new Float64Array(co * ci * kh * kw);
  for (let img = 0; img < n; img++)
    for (let o = 0; o < co; o++)
      for (let oy = 0; oy < oh; oy++)
        for (let ox = 0; ox < ow; ox++) {
          const g = dy[((img * co + o) * oh + oy) * ow + ox];
          for (let c = 0; c < ci; c++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                dw[((o * ci + c) * kh + ky) * kw + kx] +=
                  g * x[((img * ci + c) * h + oy * stride + ky) * wd + ox * stride + kx];
              }
        }
  return dw;
}

/** Sum of dy over every axis but axis 1 (dy [N, C, ...]). */
export function biasGradientRef(dy: Numbers, shape: readonly number[]): Float64Array {
  const [n, c] = shape;
  const pixels = dy.length / (n * c);
  const db = new Float64Array(c);
  for (let img = 0; img < n; img++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < pixels; i++) db[ch] += dy[(img * c + ch) * pixels + i];
  return db;
}

/** C = A B for row-major A [M, K] and B [K, N]. */
export function matmulRef(a: Numbers, b: Numbers, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += a[i * k + t] * b[t * n + j];
      c[i * n + j] = sum;
    }
  return c;
}

/** Transpose of a row-major [rows, cols] matrix. */
export function transposeRef(a: Numbers, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/** y = x W^T + b (ReLU if asked): x [N, in], W [out, in]. */
export function linearForwardRef(
  x: Numbers, w: Numbers, b: Numbers | null, n: number, inF: number, outF: number, relu = false,
): Float64Array {
  const y = matmulRef(x, transposeRef(w, outF, inF), n, inF, outF);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < outF; j++) {
      const v = y[i * outF + j] + (b ? b[j] : 0);
      y[i * outF + j] = relu ? Math.max(v, 0) : v;
    }
  return y;
}

/** ReLU backward: dy where y > 0. */
export function reluBackwardRef(dy: Numbers, y: Numbers): Float64Array {
  return Float64Array.from(dy, (g, i) => (y[i] > 0 ? g : 0));
}

/** Row-wise softmax cross-entropy: per-row loss and scale * (softmax - onehot). */
export function softmaxCrossEntropyRef(
  logits: Numbers, rows: number, cols: number, targets: "diagonal" | Numbers, scale: number,
): { loss: Float64Array; grad: Float64Array } {
  const loss = new Float64Array(rows);
  const grad = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const t = targets === "diagonal" ? r % cols : targets[r];
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, logits[r * cols + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(logits[r * cols + c] - max);
    const lse = max + Math.log(sum);
    loss[r] = lse - logits[r * cols + t];
    for (let c = 0; c < cols; c++) {
      grad[r * cols + c] = scale * (Math.exp(logits[r * cols + c] - lse) - (c === t ? 1 : 0));
    }
  }
  return { loss, grad };
}

/** InfoNCE scores: out[p] = a[p] b[p]^T for a, b [P, N, C] (dense, row-major). */
export function infoNceLogitsRef(a: Numbers, b: Numbers, p: number, n: number, c: number): Float64Array {
  const out = new Float64Array(p * n * n);
  for (let q = 0; q < p; q++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < c; k++) sum += a[(q * n + i) * c + k] * b[(q * n + j) * c + k];
        out[(q * n + i) * n + j] = sum;
      }
  return out;
}

/** PyTorch Adam step `step` (from 1); returns new param, m and v. */
export function adamRef(
  param: Numbers, grad: Numbers, m: Numbers, v: Numbers, step: number,
  o: { lr: number | Numbers; groupSize?: number; beta1: number; beta2: number; eps: number; weightDecay?: number },
): { param: Float64Array; m: Float64Array; v: Float64Array } {
  const out = { param: Float64Array.from(param), m: Float64Array.from(m), v: Float64Array.from(v) };
  const bc1 = 1 - o.beta1 ** step;
  const bc2 = 1 - o.beta2 ** step;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i] + (o.weightDecay ?? 0) * param[i];
    out.m[i] = o.beta1 * m[i] + (1 - o.beta1) * g;
    out.v[i] = o.beta2 * v[i] + (1 - o.beta2) * g * g;
    const lr = typeof o.lr === "number" ? o.lr : o.lr[Math.floor(i / (o.groupSize ?? 1))];
    out.param[i] -= (lr / bc1) * (out.m[i] / (Math.sqrt(out.v[i]) / Math.sqrt(bc2) + o.eps));
  }
  return out;
}

/** Index of each row's maximum (first on ties, NaN skipped). */
export function argmaxRef(x: Numbers, rows: number, cols: number): Uint32Array {
  const out = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestValue = x[r * cols];
    for (let c = 1; c < cols; c++) {
      const v = x[r * cols + c];
      if (v > bestValue || (Number.isNaN(bestValue) && !Number.isNaN(v))) {
        best = c;
        bestValue = v;
      }
    }
    out[r] = best;
  }
  return out;
}

/** torch.permute(x, axes).contiguous() for a dense tensor. */
export function permuteRef(x: Numbers, shape: readonly number[], axes: readonly number[]): Float64Array {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const outShape = axes.map((a) => shape[a]);
  const out = new Float64Array(x.length);
  const index = new Array(outShape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let source = 0;
    for (let d = 0; d < axes.length; d++) source += index[d] * strides[axes[d]];
    out[i] = x[source];
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++index[d] < outShape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}
