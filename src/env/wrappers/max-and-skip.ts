import type { Env, ResetOptions, ResetResult, Shape, StepResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/**
 * Storage of `MaxAndSkip`'s two frames, one after the other: frame
 * skip - 2, then frame skip - 1.
 */
export interface FramePair {
  /** A view of both frames (2 x frame size); take a new one after anything that may grow WebAssembly memory. */
  view(): Uint8Array;
  /**
   * The grey of the maximum of the two frames, when the storage is a
   * batch's slots and the batch computed it in its last step. It is valid
   * only while the frames are those of that step.
   */
  batchGray?(): Uint8Array | undefined;
  /** Called after `MaxAndSkip` wrote into the view, which the storage's owner may need to know. */
  written?(): void;
}

/** Frame pair in a JavaScript array that only `MaxAndSkip` writes. */
class ArrayFramePair implements FramePair {
  private readonly frames: Uint8Array;

  constructor(frameSize: number) {
    this.frames = new Uint8Array(2 * frameSize);
  }

  view(): Uint8Array {
    return this.frames;
  }
}

/**
 * Repeats each action for `skip` frames and sums the rewards. The
 * observation is the element-wise maximum of the last two frames, which
 * removes the flicker of objects drawn every other frame (baselines'
 * `MaxAndSkipEnv`).
 *
 * The two frames live in buffers that persist across steps, as in
 * baselines. So when the episode ends before the last frame, the buffers
 * still hold frames of the previous step where this step wrote none. `reset`
 * passes the inner observation through unchanged.
 */
export class MaxAndSkip extends Wrapper {
  private readonly shape: Shape;
  private readonly frameSize: number;
  private frames: FramePair;

  /**
   * With `keepPair`, observations are not maxed but returned as the two
   * frames one after the other, shape [2, ...inner shape]. A later wrapper
   * takes the maximum (see `PaletteMax`). `reset` then returns its frame
   * twice. When a batch wrote both frames of a step into the frame pair
   * (see `useFramePair`), that step's observation is a view of the pair,
   * valid until the batch's next step, instead of a copy.
   */
  constructor(
    env: Env,
    readonly skip = 4,
    readonly keepPair = false,
  ) {
    super(env);
    if (!Number.isInteger(skip) || skip < 2) {
      throw new Error(`invalid skip ${skip}: expected an integer >= 2`);
    }
    this.frameSize = env.observationShape.reduce((a, b) => a * b, 1);
    this.frames = new ArrayFramePair(this.frameSize);
    const inner = env.observationShape;
    this.shape = keepPair ? [2, ...inner] : inner;
  }

  override get observationShape(): Shape {
    return this.shape;
  }

  /**
   * Moves the two frame buffers to `frames`, copying their contents. A
   * batch that emulates the frames ahead (see `WasmStepBatch`) writes the
   * screens straight into its slots, and this wrapper then copies nothing
   * for those steps.
   */
  useFramePair(frames: FramePair): void {
    const target = frames.view();
    if (target.length !== 2 * this.frameSize) {
      throw new Error(`invalid frame pair of ${target.length} bytes: expected 2 x ${this.frameSize}`);
    }
    target.set(this.frames.view());
    frames.written?.();
    this.frames = frames;
  }

  /**
   * Returns the grey that a batch computed for `pair` when `pair` is the
   * view of this wrapper's frame pair that the last batched step returned.
   */
  batchGrayOf(pair: Uint8Array): Uint8Array | undefined {
    const view = this.frames.view();
    if (pair.buffer !== view.buffer || pair.byteOffset !== view.byteOffset || pair.length !== view.length) {
      return undefined;
    }
    return this.frames.batchGray?.();
  }

  override reset(options?: ResetOptions): ResetResult {
    const result = this.env.reset(options);
    if (!this.keepPair) return result;
    return { observation: concatenate(result.observation, result.observation), info: result.info };
  }

  override step(action: number): StepResult {
    let reward = 0;
    let result!: StepResult;
    let copied = 0;
    let stored = 0;
    for (let i = 0; i < this.skip; i++) {
      result = this.env.step(action);
      if (i >= this.skip - 2) {
        stored++;
        if (this.storeFrame(i - (this.skip - 2), result.observation)) copied++;
      }
      reward += result.reward;
      if (result.terminated || result.truncated) break;
    }
    return {
      observation: this.pairedObservation(stored === 2 && copied === 0),
      reward,
      terminated: result.terminated,
      truncated: result.truncated,
      info: result.info,
    };
  }

  /** Copies `frame` into slot `slot` unless it already is that slot (a batch wrote it there); returns whether it copied. */
  private storeFrame(slot: number, frame: Uint8Array): boolean {
    const pair = this.frames.view();
    const offset = slot * this.frameSize;
    if (frame.buffer === pair.buffer && frame.byteOffset === pair.byteOffset + offset) return false;
    pair.set(frame, offset);
    this.frames.written?.();
    return true;
  }

  private pairedObservation(batchWrotePair: boolean): Uint8Array {
    const pair = this.frames.view();
    if (this.keepPair) return batchWrotePair ? pair : pair.slice();
    const observation = new Uint8Array(this.frameSize);
    maxInto(observation, pair.subarray(0, this.frameSize), pair.subarray(this.frameSize));
    return observation;
  }
}

/** Writes the element-wise maximum of `a` and `b` to `out`. */
export function maxInto(out: Uint8Array, a: Uint8Array, b: Uint8Array): void {
  for (let i = 0; i < out.length; i++) {
    const x = a[i];
    const y = b[i];
    out[i] = x > y ? x : y;
  }
}

function concatenate(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
