import type { ResetOptions, ResetResult, StepResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/** A wrapper that transforms every observation, after reset and after each step. */
export abstract class ObservationWrapper extends Wrapper {
  protected abstract observation(observation: Uint8Array): Uint8Array;

  override reset(options?: ResetOptions): ResetResult {
    const result = this.env.reset(options);
    return { observation: this.observation(result.observation), info: result.info };
  }

  override step(action: number): StepResult {
    const result = this.env.step(action);
    return {
      observation: this.observation(result.observation),
      reward: result.reward,
      terminated: result.terminated,
      truncated: result.truncated,
      info: result.info,
    };
  }
}
