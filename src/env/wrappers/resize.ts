import { resizeArea } from "../image.ts";
import type { Env, Shape } from "../types.ts";
import { ObservationWrapper } from "./observation-wrapper.ts";

/**
 * Shrinks height x width x channels observations with OpenCV's area
 * interpolation, 84x84 by default (baselines' `WarpFrame` without grayscale).
 */
export class Resize extends ObservationWrapper {
  private readonly shape: Shape;

  constructor(
    env: Env,
    readonly height = 84,
    readonly width = 84,
  ) {
    super(env);
    const [inHeight, inWidth, channels] = env.observationShape;
    if (!(height >= 1 && height <= inHeight && width >= 1 && width <= inWidth)) {
      throw new Error(
        `invalid size ${height}x${width}: expected 1..${inHeight} x 1..${inWidth} (area resize only shrinks)`,
      );
    }
    this.shape = [height, width, channels];
  }

  override get observationShape(): Shape {
    return this.shape;
  }

  protected observation(observation: Uint8Array): Uint8Array {
    const [inHeight, inWidth, channels] = this.env.observationShape;
    if (inHeight === this.height && inWidth === this.width) return observation;
    return resizeArea(observation, inHeight, inWidth, channels, this.height, this.width);
  }
}
