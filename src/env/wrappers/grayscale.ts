import { rgbToGray } from "../image.ts";
import type { Env, Shape } from "../types.ts";
import { ObservationWrapper } from "./observation-wrapper.ts";

/** Converts height x width x 3 RGB observations to height x width x 1 grey as OpenCV does. */
export class Grayscale extends ObservationWrapper {
  private readonly shape: Shape;

  constructor(env: Env) {
    super(env);
    const [height, width, channels] = env.observationShape;
    if (channels !== 3) {
      throw new Error(`Grayscale needs height x width x 3 observations, got [${env.observationShape}]`);
    }
    this.shape = [height, width, 1];
  }

  override get observationShape(): Shape {
    return this.shape;
  }

  protected observation(observation: Uint8Array): Uint8Array {
    return rgbToGray(observation);
  }
}
