import type { Env, ResetOptions, ResetResult, Shape, StepResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/**
 * Repeats each action for `skip` frames and sums the rewards. The
 * observation is the element-wise maximum of the last two frames, which
 * removes the flicker of objects drawn every other frame (baselines'
 * `MaxAndSkipEnv`).
 *
 * The two frames live in buffers that persist across steps, as in
 * baselines. So when the episode ends before the last frame, the buffers
 * still hold frames of the previous step where this step wrote none. `reset`
 * passes the inner observation through unchanged.
 */
export class MaxAndSkip extends Wrapper {
  private readonly previous: Uint8Array;
  private readonly last: Uint8Array;

  private readonly shape: Shape;

  /**
   * With `keepPair`, observations are not maxed but returned as the two
   * frames one after the other, shape [2, ...inner shape]. A later wrapper
   * takes the maximum (see `PaletteMax`). `reset` then returns its frame
   * twice.
   */
  constructor(
    env: Env,
    readonly skip = 4,
    readonly keepPair = false,
  ) {
    super(env);
    if (!Number.isInteger(skip) || skip < 2) {
      throw new Error(`invalid skip ${skip}: expected an integer >= 2`);
    }
    const size = env.observationShape.reduce((a, b) => a * b, 1);
    this.previous = new Uint8Array(size);
    this.last = new Uint8Array(size);
    const inner = env.observationShape;
    this.shape = keepPair ? [2, ...inner] : inner;
  }

  override get observationShape(): Shape {
    return this.shape;
  }

  override reset(options?: ResetOptions): ResetResult {
    const result = this.env.reset(options);
    if (!this.keepPair) return result;
    return { observation: concatenate(result.observation, result.observation), info: result.info };
  }

  override step(action: number): StepResult {
    let reward = 0;
    let result!: StepResult;
    for (let i = 0; i < this.skip; i++) {
      result = this.env.step(action);
      if (i === this.skip - 2) this.previous.set(result.observation);
      if (i === this.skip - 1) this.last.set(result.observation);
      reward += result.reward;
      if (result.terminated || result.truncated) break;
    }
    let observation: Uint8Array;
    if (this.keepPair) {
      observation = concatenate(this.previous, this.last);
    } else {
      observation = new Uint8Array(this.last.length);
      maxInto(observation, this.previous, this.last);
    }
    return {
      observation,
      reward,
      terminated: result.terminated,
      truncated: result.truncated,
      info: result.info,
    };
  }
}

/** Writes the element-wise maximum of `a` and `b` to `out`. */
export function maxInto(out: Uint8Array, a: Uint8Array, b: Uint8Array): void {
  for (let i = 0; i < out.length; i++) {
    const x = a[i];
    const y = b[i];
    out[i] = x > y ? x : y;
  }
}

function concatenate(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
