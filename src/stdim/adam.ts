/** Adam hyperparameters; defaults are the reference's (lr 3e-4, eps 1e-5). */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/**
 * Applies one Adam update to `param` in place, as PyTorch's `torch.optim.Adam`
 * (no weight decay, no amsgrad) computes it:
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 * `step` is t, counted from 1. Covers elements [start, end).
 */
export function adamUpdate(
  param: Float32Array,
  grad: ArrayLike<number>,
  m: Float32Array | Float64Array,
  v: Float32Array | Float64Array,
  step: number,
  lr: number,
  options: AdamOptions = {},
  start = 0,
  end = param.length,
): void {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const eps = options.eps ?? 1e-5;
  const stepSize = lr / (1 - beta1 ** step);
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** step);
  for (let i = start; i < end; i++) {
    const g = grad[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    param[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtCorrection2 + eps);
  }
}

/** Adam moments of a set of named parameters, for training and checkpoints. */
export class AdamState {
  step = 0;
  readonly m = new Map<string, Float32Array>();
  readonly v = new Map<string, Float32Array>();

  constructor(params: Map<string, Float32Array>) {
    for (const [name, value] of params) {
      this.m.set(name, new Float32Array(value.length));
      this.v.set(name, new Float32Array(value.length));
    }
  }

  /** Applies one update to every parameter that has a gradient. */
  apply(params: Map<string, Float32Array>, grads: Map<string, ArrayLike<number>>, lr: number, options: AdamOptions = {}): void {
    this.step++;
    for (const [name, param] of params) {
      const grad = grads.get(name);
      if (!grad) continue;
      adamUpdate(param, grad, this.m.get(name)!, this.v.get(name)!, this.step, lr, options);
    }
  }
}
