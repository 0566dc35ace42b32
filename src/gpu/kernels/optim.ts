// Adam, as torch.optim.Adam computes it, over GPU tensors.

import type { Gpu } from "../context.ts";
import { Params, grid1d } from "../params.ts";
import type { Tensor } from "../tensor.ts";

const WORKGROUP_SIZE = 256;

/** Hyperparameters of {@link Adam}; defaults are PyTorch's. */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

/** One Adam update of `param` from `grad`, with moment tensors m and v. */
export interface AdamUpdate {
  param: Tensor;
  grad: Tensor;
  m: Tensor;
  v: Tensor;
  /**
   * Learning rate per group of `groupSize` consecutive elements (f32
   * tensor), replacing the scalar lr: batched probes use one group per label.
   */
  lrPerGroup?: { tensor: Tensor; groupSize: number };
}

/**
 * Records one bias-corrected Adam step (PyTorch order, see adam.wgsl) for
 * the `step`-th update (counting from 1).
 */
export function adamStep(gpu: Gpu, u: AdamUpdate, step: number, options: AdamOptions = {}, label = "adam"): void {
  const { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = options;
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`${label}: step ${step} must be an integer >= 1`);
  for (const t of [u.grad, u.m, u.v]) {
    if (t.size !== u.param.size) throw new RangeError(`${label}: ${t} does not match ${u.param}`);
  }
  const group = u.lrPerGroup;
  if (group && group.tensor.size * group.groupSize < u.param.size) {
    throw new RangeError(`${label}: ${group.tensor} with groups of ${group.groupSize} does not cover ${u.param}`);
  }
  gpu.dispatch({
    shader: "adam",
    overrides: { WG: WORKGROUP_SIZE },
    label: `${label} ${u.param.label}`,
    params: new Params()
      .u32(u.param.size, group?.groupSize ?? 1)
      .f32(beta1, beta2, eps, 1 - beta1 ** step, Math.sqrt(1 - beta2 ** step), weightDecay, lr)
      .u32(group ? 1 : 0, 0, 0)
      .finish(),
    bindings: [u.grad, group?.tensor ?? gpu.unusedBinding, u.param, u.m, u.v],
    workgroups: grid1d(u.param.size, WORKGROUP_SIZE),
  });
}

/**
 * Adam over a fixed list of parameters: owns the moment tensors (zeroed
 * at construction) and the step count, as torch.optim.Adam does.
 */
export class Adam {
  private readonly moments: { m: Tensor; v: Tensor }[];
  /** Updates done so far. */
  steps = 0;

  constructor(
    private readonly gpu: Gpu,
    readonly params: readonly Tensor[],
    readonly options: AdamOptions = {},
  ) {
    this.moments = params.map((p) => ({
      m: gpu.zeros(p.shape, `${p.label} adam m`),
      v: gpu.zeros(p.shape, `${p.label} adam v`),
    }));
  }

  /** Moment tensors of parameter i (for checkpoints). */
  state(i: number): { m: Tensor; v: Tensor } {
    return this.moments[i];
  }

  /** Records one update of every parameter from grads (same order as params). */
  step(grads: readonly Tensor[], lrPerGroup?: AdamUpdate["lrPerGroup"]): void {
    if (grads.length !== this.params.length) {
      throw new RangeError(`adam: ${grads.length} gradients for ${this.params.length} parameters`);
    }
    this.steps++;
    this.params.forEach((param, i) => {
      const { m, v } = this.moments[i];
      adamStep(this.gpu, { param, grad: grads[i], m, v, lrPerGroup }, this.steps, this.options);
    });
  }

  /** Releases the moment tensors. */
  release(): void {
    for (const { m, v } of this.moments) {
      m.release();
      v.release();
    }
  }
}
