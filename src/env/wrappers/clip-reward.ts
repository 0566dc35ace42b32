import type { StepResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/** Replaces each reward by its sign: -1, 0 or +1 (baselines' `ClipRewardEnv`). */
export class ClipReward extends Wrapper {
  override step(action: number): StepResult {
    const result = this.env.step(action);
    result.reward = Math.sign(result.reward);
    return result;
  }
}
