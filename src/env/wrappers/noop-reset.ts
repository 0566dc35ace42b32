import type { Env, ResetOptions, ResetResult, StepResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/**
 * Starts every episode with 1 to `noopMax` NOOP steps, the count drawn
 * uniformly from the environment's generator (baselines' `NoopResetEnv`).
 * A NOOP that ends the game resets it again and the remaining NOOPs go on.
 */
export class NoopReset extends Wrapper {
  constructor(
    env: Env,
    readonly noopMax = 30,
  ) {
    super(env);
    if (!Number.isInteger(noopMax) || noopMax < 1) {
      throw new Error(`invalid noopMax ${noopMax}: expected an integer >= 1`);
    }
    if (this.unwrapped.actionMeanings[0] !== "NOOP") {
      throw new Error("NoopReset needs action 0 to be NOOP");
    }
  }

  override reset(options?: ResetOptions): ResetResult {
    this.env.reset(options);
    const noops = this.unwrapped.rng.integer(1, this.noopMax + 1);
    let last: ResetResult | StepResult | undefined;
    for (let i = 0; i < noops; i++) {
      const step = this.env.step(0);
      last = step.terminated || step.truncated ? this.env.reset() : step;
    }
    // `noops` is at least 1, so `last` is set; its screen is read only now.
    return { observation: last!.observation, info: last!.info };
  }
}
