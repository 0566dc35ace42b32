import type { Env, Shape } from "../types.ts";
import { ObservationWrapper } from "./observation-wrapper.ts";

/** Reorders height x width x channels observations to channels x height x width, as PyTorch expects. */
export class ChannelsFirst extends ObservationWrapper {
  private readonly shape: Shape;

  constructor(env: Env) {
    super(env);
    const [height, width, channels] = env.observationShape;
    this.shape = [channels, height, width];
  }

  override get observationShape(): Shape {
    return this.shape;
  }

  protected observation(observation: Uint8Array): Uint8Array {
    const [height, width, channels] = this.env.observationShape;
    if (channels === 1) return observation;
    const plane = height * width;
    const out = new Uint8Array(observation.length);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < channels; c++) out[c * plane + p] = observation[p * channels + c];
    }
    return out;
  }
}
