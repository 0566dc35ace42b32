import { grayOf } from "../image.ts";
import type { Env, Shape } from "../types.ts";
import { ObservationWrapper } from "./observation-wrapper.ts";

const grayTables = new WeakMap<Uint32Array, Uint8Array>();

/**
 * OpenCV grey of the channel-wise maximum of the colours of palette
 * indices a and b, at entry a * 256 + b.
 */
export function grayOfMaxTable(palette: Uint32Array): Uint8Array {
  const cached = grayTables.get(palette);
  if (cached) return cached;
  const table = new Uint8Array(256 * 256);
  for (let a = 0; a < 256; a++) {
    for (let b = 0; b < 256; b++) {
      const x = palette[a];
      const y = palette[b];
      const r = Math.max(x >>> 16, y >>> 16);
      const g = Math.max((x >>> 8) & 0xff, (y >>> 8) & 0xff);
      const bl = Math.max(x & 0xff, y & 0xff);
      table[a * 256 + b] = grayOf(r, g, bl);
    }
  }
  grayTables.set(palette, table);
  return table;
}

/**
 * Converts palette-index observations to what max-and-skip followed by
 * grayscale (or, with `color`, max-and-skip alone) gives on RGB screens.
 * The input is height x width x 2 index pairs from `MaxAndSkip` with
 * `keepPair`, or height x width x 1 indices. The output is the grey level of
 * the channel-wise maximum of each pair's colours (height x width x 1), or
 * that maximum itself (height x width x 3). Grey takes one table lookup per
 * pixel.
 */
export class PaletteMax extends ObservationWrapper {
  private readonly shape: Shape;
  private readonly pairs: boolean;

  constructor(
    env: Env,
    readonly color = false,
  ) {
    super(env);
    const [height, width, channels] = env.observationShape;
    if (channels !== 1 && channels !== 2) {
      throw new Error(`PaletteMax needs palette indices or index pairs, got shape [${env.observationShape}]`);
    }
    this.pairs = channels === 2;
    this.shape = [height, width, color ? 3 : 1];
  }

  override get observationShape(): Shape {
    return this.shape;
  }

  protected observation(observation: Uint8Array): Uint8Array {
    const palette = this.unwrapped.palette;
    const pixels = this.pairs ? observation.length / 2 : observation.length;
    const step = this.pairs ? 2 : 1;
    const second = this.pairs ? 1 : 0;
    if (!this.color) {
      const table = grayOfMaxTable(palette);
      const out = new Uint8Array(pixels);
      for (let p = 0, i = 0; p < pixels; p++, i += step) {
        out[p] = table[(observation[i] << 8) | observation[i + second]];
      }
      return out;
    }
    const out = new Uint8Array(pixels * 3);
    for (let p = 0, i = 0; p < pixels; p++, i += step) {
      const x = palette[observation[i]];
      const y = palette[observation[i + second]];
      out[3 * p] = Math.max(x >>> 16, y >>> 16);
      out[3 * p + 1] = Math.max((x >>> 8) & 0xff, (y >>> 8) & 0xff);
      out[3 * p + 2] = Math.max(x & 0xff, y & 0xff);
    }
    return out;
  }
}
