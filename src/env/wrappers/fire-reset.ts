import type { Env, ResetOptions, ResetResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/**
 * Presses FIRE (action 1), then takes action 2 after every reset, for games
 * that wait for FIRE to start (baselines' `FireResetEnv`). When either step
 * ends the episode the inner environment is reset again. As in baselines,
 * the observation returned is still that of action 2's step.
 */
export class FireReset extends Wrapper {
  constructor(env: Env) {
    super(env);
    const meanings = this.unwrapped.actionMeanings;
    if (meanings[1] !== "FIRE" || meanings.length < 3) {
      throw new Error(
        `FireReset needs action 1 to be FIRE and at least 3 actions; this game has ${meanings.join(", ")}`,
      );
    }
  }

  override reset(options?: ResetOptions): ResetResult {
    this.env.reset(options);
    const fire = this.env.step(1);
    if (fire.terminated || fire.truncated) this.env.reset();
    const second = this.env.step(2);
    const result = { observation: second.observation, info: second.info };
    if (second.terminated || second.truncated) this.env.reset();
    return result;
  }
}
