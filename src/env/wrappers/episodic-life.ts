import type { ResetOptions, ResetResult, StepResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/**
 * Ends the learner's episode when a life is lost (baselines'
 * `EpisodicLifeEnv`). The game goes on: the next `reset` takes one NOOP step
 * instead of resetting, unless the game itself ended (or was truncated) or
 * a seed is given.
 */
export class EpisodicLife extends Wrapper {
  private lives = 0;
  private wasRealDone = true;

  override step(action: number): StepResult {
    const result = this.env.step(action);
    this.wasRealDone = result.terminated || result.truncated;
    const lives = result.info.lives;
    if (lives < this.lives && lives > 0) result.terminated = true;
    this.lives = lives;
    return result;
  }

  override reset(options: ResetOptions = {}): ResetResult {
    let result: ResetResult;
    if (this.wasRealDone || options.seed !== undefined) {
      result = this.env.reset(options);
    } else {
      // NOTE: as in baselines, a game that ends during this NOOP step is not
      // reported here; the next step reports it.
      const step = this.env.step(0);
      result = { observation: step.observation, info: step.info };
    }
    this.lives = result.info.lives;
    return result;
  }
}
