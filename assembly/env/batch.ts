// Stepping many emulators with one call from JavaScript. Each machine
// repeats its action for up to `skip` frames (max-and-skip). The batch
// records what the host's wrappers need per frame, the palette-index
// screens of the last two frames, optionally the grey of their maximum, and
// the RAM afterwards.

import { Environment } from "../ale/environment";
import { AleHandle } from "../ale/interface";
import { SCREEN_WIDTH } from "../machine";
import { envGrayOfMax, envGrayOfMaxUpdate } from "./gray";

/** Per-frame record: reward (i32), terminal flag (i32), lives (i32), frame number (i32). */
export const FRAME_RECORD_INTS: i32 = 4;
const RAM_BYTES: i32 = 128;

/**
 * Buffers shared with the host, laid out per machine k:
 * - `actions[k]`: ALE action id; `limits[k]`: most frames to emulate;
 * - `framesDone[k]`: frames emulated (fewer than the limit when the game ended);
 * - `records[(k * skip + i) * 4 ..]`: the record of frame i;
 * - `screens[(2k + s) * pixels ..]`: palette indices after frame skip - 2
 *   (s = 0) and frame skip - 1 (s = 1). A slot keeps its old screen when
 *   the game ends before its frame, as max-and-skip's buffers do;
 * - with `gray`, `screens[(2 * capacity + k) * pixels ..]`: the grey of the
 *   maximum of machine k's two slots, written when all `skip` frames ran;
 * - `grayCurrent[k]`: 1 while that grey is the grey of the two slots'
 *   contents. The batch sets it after writing the grey and clears it when
 *   it writes a slot without the grey. The host must clear it
 *   (`envBatchSlotsWritten`) after it writes a slot itself;
 * - `ram[k * 128 ..]`: RAM after the last frame.
 */
export class StepBatch {
  // Handles, not environments: loading a ROM replaces a handle's environment.
  handles: Array<AleHandle> = new Array<AleHandle>();
  actions: StaticArray<i32>;
  limits: StaticArray<i32>;
  framesDone: StaticArray<i32>;
  records: StaticArray<i32>;
  grayCurrent: StaticArray<i32>;
  screens: Uint8Array;
  ram: Uint8Array;
  pixels: i32 = 0;

  constructor(
    readonly capacity: i32,
    readonly skip: i32,
    readonly gray: bool,
  ) {
    this.actions = new StaticArray<i32>(capacity);
    this.limits = new StaticArray<i32>(capacity);
    this.framesDone = new StaticArray<i32>(capacity);
    this.records = new StaticArray<i32>(capacity * skip * FRAME_RECORD_INTS);
    this.grayCurrent = new StaticArray<i32>(capacity);
    this.screens = new Uint8Array(0);
    this.ram = new Uint8Array(capacity * RAM_BYTES);
  }

  /** Adds a machine with a loaded ROM; every machine of a batch must have the same screen size. */
  add(handle: AleHandle): bool {
    if (handle.env == null) return false;
    const pixels = handle.environment().machine.height * SCREEN_WIDTH;
    if (this.handles.length >= this.capacity) return false;
    if (this.handles.length > 0 && pixels != this.pixels) return false;
    if (this.handles.length == 0) {
      this.pixels = pixels;
      this.screens = new Uint8Array(this.capacity * (this.gray ? 3 : 2) * pixels);
    }
    this.handles.push(handle);
    return true;
  }

  /**
   * Steps every machine. For machine k:
   * 1. act(actions[k]) up to limits[k] times, stopping after a terminal frame;
   * 2. after each frame, store its record, and its screen when it is one of
   *    the last two frames of the skip;
   * 3. with `gray`, when all `skip` frames ran, write the grey of the max of
   *    the two screens while they are still in cache;
   * 4. copy the RAM.
   *
   * With `gray`, a step that runs all its frames leaves frame skip - 2's
   * screen where the TIA drew it instead of copying it at once. The TIA
   * draws each frame into the other of its two buffers, so that screen
   * stays intact while frame skip - 1 is drawn. One pass then copies both
   * screens into the slots and updates the grey (see `envGrayOfMaxUpdate`).
   */
  step(): void {
    const skip = this.skip;
    const screens = this.screens.dataStart;
    const pixels = <usize>this.pixels;
    for (let k = 0; k < this.handles.length; k++) {
      const env = unchecked(this.handles[k]).environment();
      const action = unchecked(this.actions[k]);
      const limit = min(unchecked(this.limits[k]), skip);
      let done = 0;
      // Address of frame skip - 2's screen in the TIA while it is left there.
      let leftInTia: usize = 0;
      for (let i = 0; i < limit; i++) {
        const reward = env.act(action, 1.0);
        const terminal = env.isTerminal();
        const at = (k * skip + i) * FRAME_RECORD_INTS;
        unchecked((this.records[at] = reward));
        unchecked((this.records[at + 1] = terminal ? 1 : 0));
        unchecked((this.records[at + 2] = env.lives()));
        unchecked((this.records[at + 3] = env.frameNumber));
        if (i >= skip - 2) {
          const slot = 2 * k + (i - (skip - 2));
          if (leftInTia != 0) {
            this.writeFramesAndGray(k, leftInTia, env.machine.tia.frameBufferPointer);
          } else if (i == skip - 2 && !terminal && i + 1 < limit && this.gray && nextFrameSwapsBuffers(env)) {
            leftInTia = env.machine.tia.frameBufferPointer;
          } else {
            env.machine.copyScreen(screens + <usize>slot * pixels);
            unchecked((this.grayCurrent[k] = 0));
          }
        }
        done = i + 1;
        if (terminal) break;
      }
      unchecked((this.framesDone[k] = done));
      if (this.gray && skip >= 2 && done == skip && leftInTia == 0) this.writeGray(k);
      this.copyRam(env, k);
    }
  }

  private writeGray(k: i32): void {
    const pixels = <usize>this.pixels;
    const first = this.screens.dataStart + <usize>(2 * k) * pixels;
    const out = this.screens.dataStart + <usize>(2 * this.capacity + k) * pixels;
    envGrayOfMax(first, first + pixels, out, this.pixels, SCREEN_WIDTH);
    unchecked((this.grayCurrent[k] = 1));
  }

  /** Copies the screens at `third` and `fourth` (frames skip - 2 and skip - 1) into machine k's slots and updates its grey. */
  private writeFramesAndGray(k: i32, third: usize, fourth: usize): void {
    // The check in nextFrameSwapsBuffers() makes this unreachable.
    if (third == fourth) throw new Error("frame skip - 2's screen was drawn over");
    const pixels = <usize>this.pixels;
    const first = this.screens.dataStart + <usize>(2 * k) * pixels;
    const out = this.screens.dataStart + <usize>(2 * this.capacity + k) * pixels;
    if (unchecked(this.grayCurrent[k]) != 0) {
      envGrayOfMaxUpdate(third, fourth, first, first + pixels, out, this.pixels, SCREEN_WIDTH);
    } else {
      memory.copy(first, third, pixels);
      memory.copy(first + pixels, fourth, pixels);
      envGrayOfMax(first, first + pixels, out, this.pixels, SCREEN_WIDTH);
    }
    unchecked((this.grayCurrent[k] = 1));
  }

  private copyRam(env: Environment, k: i32): void {
    const out = this.ram.dataStart + <usize>(k * RAM_BYTES);
    for (let i = 0; i < RAM_BYTES; i++) store<u8>(out + <usize>i, env.readRam(i));
  }
}

/**
 * Returns whether the next act() draws its frame into the TIA buffer that
 * does not hold the current screen. It does when it emulates one frame
 * (frame_skip 1) and the current frame was finished: a frame cut off by
 * the instruction limit goes on in the same buffer.
 */
function nextFrameSwapsBuffers(env: Environment): bool {
  return env.settings.frameSkip <= 1 && !env.machine.tia.midFrame;
}

const batches = new Array<StepBatch | null>();

function batch(id: i32): StepBatch {
  return changetype<StepBatch>(batches[id]);
}

/**
 * Creates a batch for up to `capacity` machines stepping `skip` frames and
 * returns its id. With `gray` true it also writes grey observations, so the
 * host loads the grey table first (see env/gray.ts).
 */
export function envBatchCreate(capacity: i32, skip: i32, gray: bool): i32 {
  batches.push(new StepBatch(capacity, skip, gray));
  return batches.length - 1;
}

export function envBatchDestroy(id: i32): void {
  batches[id] = null;
}

/** Adds a machine to a batch; false if it is full, has no ROM or the screen size differs. */
export function envBatchAddHandle(id: i32, handle: AleHandle): bool {
  return batch(id).add(handle);
}

export function envBatchStep(id: i32): void {
  batch(id).step();
}

export function envBatchActions(id: i32): usize {
  return changetype<usize>(batch(id).actions);
}

export function envBatchLimits(id: i32): usize {
  return changetype<usize>(batch(id).limits);
}

export function envBatchFramesDone(id: i32): usize {
  return changetype<usize>(batch(id).framesDone);
}

export function envBatchRecords(id: i32): usize {
  return changetype<usize>(batch(id).records);
}

export function envBatchScreens(id: i32): usize {
  return batch(id).screens.dataStart;
}

export function envBatchRam(id: i32): usize {
  return batch(id).ram.dataStart;
}

/** Records that the host wrote machine k's screen slots, so its grey is no longer theirs. */
export function envBatchSlotsWritten(id: i32, k: i32): void {
  batch(id).grayCurrent[k] = 0;
}
