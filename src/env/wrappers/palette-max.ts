import { grayOf } from "../image.ts";
import type { Env, Shape } from "../types.ts";
import { MaxAndSkip } from "./max-and-skip.ts";
import { ObservationWrapper } from "./observation-wrapper.ts";
import { findWrapper } from "./wrapper.ts";

const grayTables = new WeakMap<Uint32Array, Uint8Array>();

/** Exports of the emulator module that compute grey in WebAssembly (assembly/env/gray.ts). */
export interface GrayExports {
  memory: WebAssembly.Memory;
  envGrayTable(): number;
  envGrayScratch(size: number): number;
  envGrayOfMax(first: number, second: number, out: number, pixels: number, width: number): void;
}

/** The palette whose table each module contains now. */
const loadedTables = new WeakMap<GrayExports, Uint32Array>();

/** Fills the module's grey table for `palette` unless it already contains it. */
export function loadGrayTable(exports: GrayExports, palette: Uint32Array): void {
  if (loadedTables.get(exports) === palette) return;
  const table = new Uint8Array(exports.memory.buffer, exports.envGrayTable(), 256 * 256);
  table.set(grayOfMaxTable(palette));
  loadedTables.set(exports, palette);
}

/** Returns the emulator's module when it has the grey exports. */
export function grayExports(ale: unknown): GrayExports | undefined {
  const exports = (ale as { core?: { exports?: Partial<GrayExports> } }).core?.exports;
  return typeof exports?.envGrayOfMax === "function" ? (exports as GrayExports) : undefined;
}

/**
 * Computes the grey of the max of two frames (second at `offset`) inside
 * the module. Frames already in the module's memory (a batch's slots) are
 * read where they are, and the result is then a view of the module's
 * scratch memory, valid until the next call. `VectorEnv` copies it into its
 * batch output at once. Other frames are copied in first, and the result is
 * a new array.
 */
function grayInWasm(
  exports: GrayExports,
  palette: Uint32Array,
  observation: Uint8Array,
  pixels: number,
  width: number,
  offset: number,
): Uint8Array {
  loadGrayTable(exports, palette);
  const inModule = observation.buffer === exports.memory.buffer;
  // Addresses stay valid when the memory grows; views do not.
  let first = observation.byteOffset;
  const scratch = exports.envGrayScratch(inModule ? pixels : pixels + observation.length);
  const out = scratch;
  if (!inModule) {
    first = scratch + pixels;
    new Uint8Array(exports.memory.buffer, first, observation.length).set(observation);
  }
  exports.envGrayOfMax(first, first + offset, out, pixels, width);
  const result = new Uint8Array(exports.memory.buffer, out, pixels);
  return inModule ? result : result.slice();
}

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
 * The input is 2 x height x width x 1, two frames of indices from
 * `MaxAndSkip` with `keepPair`, or height x width x 1 indices. The output is the grey level of
 * the channel-wise maximum of each pair's colours (height x width x 1), or
 * that maximum itself (height x width x 3). Grey takes one table lookup per
 * pixel, inside the emulator's WebAssembly module when it has the exports
 * for it. Observations are new arrays, except after steps whose frames a
 * `WasmStepBatch` wrote in place. These are views of the module's memory
 * (the grey the batch computed, or scratch memory), valid until the next
 * batch step or grey conversion in the module.
 */
export class PaletteMax extends ObservationWrapper {
  private readonly shape: Shape;
  private readonly pairs: boolean;
  /** The chain's `MaxAndSkip`, found on the first batched frame pair. */
  private skipper: MaxAndSkip | undefined;

  constructor(
    env: Env,
    readonly color = false,
  ) {
    super(env);
    const shape = env.observationShape;
    this.pairs = shape.length === 4 && shape[0] === 2;
    const [height, width, channels] = this.pairs ? shape.slice(1) : shape;
    if (channels !== 1) {
      throw new Error(`PaletteMax needs palette indices or two frames of them, got shape [${shape}]`);
    }
    this.shape = [height, width, color ? 3 : 1];
  }

  override get observationShape(): Shape {
    return this.shape;
  }

  protected observation(observation: Uint8Array): Uint8Array {
    const pixels = this.shape[0] * this.shape[1];
    const expected = this.pairs ? 2 * pixels : pixels;
    if (observation.length !== expected) {
      // A view of WebAssembly memory has length 0 once the memory grows.
      throw new Error(`PaletteMax got an observation of ${observation.length} bytes; expected ${expected}`);
    }
    // Pixel p of the second frame is at p + offset (the same pixel without pairs).
    const offset = this.pairs ? pixels : 0;
    if (!this.color) {
      const precomputed = this.pairs ? this.batchGray(observation) : undefined;
      if (precomputed) return precomputed;
      const palette = this.unwrapped.palette;
      const exports = grayExports(this.unwrapped.ale);
      if (exports) return grayInWasm(exports, palette, observation, pixels, this.shape[1], offset);
      const table = grayOfMaxTable(palette);
      const out = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p++) out[p] = table[(observation[p] << 8) | observation[p + offset]];
      return out;
    }
    return this.colorOfMax(observation, pixels, offset);
  }

  /** Returns the grey a batch computed for `pair` when `pair` is its frame pair in WebAssembly memory. */
  private batchGray(pair: Uint8Array): Uint8Array | undefined {
    // Only a batch's slots make MaxAndSkip return a pair that is not a plain array.
    if (pair.byteOffset === 0 && pair.byteLength === pair.buffer.byteLength) return undefined;
    this.skipper ??= findWrapper(this.env, MaxAndSkip);
    return this.skipper?.batchGrayOf(pair);
  }

  private colorOfMax(observation: Uint8Array, pixels: number, offset: number): Uint8Array {
    const palette = this.unwrapped.palette;
    const out = new Uint8Array(pixels * 3);
    for (let p = 0; p < pixels; p++) {
      const x = palette[observation[p]];
      const y = palette[observation[p + offset]];
      out[3 * p] = Math.max(x >>> 16, y >>> 16);
      out[3 * p + 1] = Math.max((x >>> 8) & 0xff, (y >>> 8) & 0xff);
      out[3 * p + 2] = Math.max(x & 0xff, y & 0xff);
    }
    return out;
  }
}
