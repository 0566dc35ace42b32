import type { Env, ResetOptions, ResetResult, Shape, StepResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/**
 * Stacks the last `k` channels-first observations along the channel axis,
 * oldest first (the AtariARI code's `VecPyTorchFrameStack`). After a reset the
 * older slots are zero.
 */
export class FrameStack extends Wrapper {
  private readonly shape: Shape;
  private readonly stack: Uint8Array;
  private readonly frameSize: number;

  constructor(
    env: Env,
    readonly k = 4,
  ) {
    super(env);
    if (!Number.isInteger(k) || k < 1) {
      throw new Error(`invalid frame stack size ${k}: expected an integer >= 1`);
    }
    const [channels, ...rest] = env.observationShape;
    this.shape = [channels * k, ...rest];
    this.frameSize = env.observationShape.reduce((a, b) => a * b, 1);
    this.stack = new Uint8Array(this.frameSize * k);
  }

  override get observationShape(): Shape {
    return this.shape;
  }

  override reset(options?: ResetOptions): ResetResult {
    const result = this.env.reset(options);
    this.stack.fill(0);
    return { observation: this.push(result.observation), info: result.info };
  }

  override step(action: number): StepResult {
    const result = this.env.step(action);
    return {
      observation: this.push(result.observation),
      reward: result.reward,
      terminated: result.terminated,
      truncated: result.truncated,
      info: result.info,
    };
  }

  private push(observation: Uint8Array): Uint8Array {
    this.stack.copyWithin(0, this.frameSize);
    this.stack.set(observation, this.stack.length - this.frameSize);
    return this.stack.slice();
  }
}
