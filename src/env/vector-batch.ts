// One WebAssembly call steps every copy of a vector env (see
// assembly/env/batch.ts); the wrapper chains then consume the recorded
// frames instead of calling act() themselves.
import { AleEnv, type PrefetchedFrames } from "./ale-env.ts";
import type { Env } from "./types.ts";
import { MaxAndSkip, type FramePair } from "./wrappers/max-and-skip.ts";
import { grayExports, loadGrayTable, PaletteMax, type GrayExports } from "./wrappers/palette-max.ts";
import { findWrapper } from "./wrappers/wrapper.ts";

/** Exports of the emulator module that batched stepping uses. */
export interface BatchExports {
  memory: WebAssembly.Memory;
  envBatchCreate(capacity: number, skip: number, gray: number): number;
  envBatchDestroy(id: number): void;
  envBatchAdd(batchId: number, aleId: number): number;
  envBatchStep(id: number): void;
  envBatchActions(id: number): number;
  envBatchLimits(id: number): number;
  envBatchFramesDone(id: number): number;
  envBatchRecords(id: number): number;
  envBatchScreens(id: number): number;
  envBatchRam(id: number): number;
  envBatchSlotsWritten(id: number, k: number): void;
}

/** The parts of the project's ALEInterface a batch needs. */
interface BatchableEmulator {
  core?: { exports: Partial<BatchExports> };
}

const RECORD_INTS = 4;
const RAM_BYTES = 128;

/** Exports of the emulator module that batched stepping uses with grey output. */
export type GrayBatchExports = BatchExports & GrayExports;

/** Views of a batch's buffers in the module's memory. */
interface BatchViews {
  /** The memory buffer the views were made on. */
  buffer: ArrayBuffer;
  actions: Int32Array;
  limits: Int32Array;
  done: Int32Array;
  ram: Uint8Array;
  /** Per copy: its frame records. */
  copyRecords: Int32Array[];
  /** Per copy: its screen slots, indexed by frame of the skip. */
  copyScreens: (Uint8Array | undefined)[][];
}

/**
 * A copy's two screen slots in the batch, which serve as its `MaxAndSkip`'s
 * frame buffers, and the slot where the batch writes their grey.
 */
class SlotFramePair implements FramePair {
  private cached: Uint8Array | undefined;
  private cachedGray: Uint8Array | undefined;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly address: number,
    private readonly frameSize: number,
    private readonly grayAddress: number | undefined,
    /** Tells the batch that its grey no longer matches the slots. */
    readonly written: () => void,
  ) {}

  view(): Uint8Array {
    // Growing the memory replaces its buffer and detaches older views,
    // which then have length 0. Reading `memory.buffer` every time costs more.
    if (this.cached === undefined || this.cached.byteLength === 0) {
      this.cached = new Uint8Array(this.memory.buffer, this.address, 2 * this.frameSize);
    }
    return this.cached;
  }

  batchGray(): Uint8Array | undefined {
    if (this.grayAddress === undefined) return undefined;
    if (this.cachedGray === undefined || this.cachedGray.byteLength === 0) {
      this.cachedGray = new Uint8Array(this.memory.buffer, this.grayAddress, this.frameSize);
    }
    return this.cachedGray;
  }
}

/**
 * Checks whether the batch can write each copy's grey observation. It can
 * when every chain converts its `MaxAndSkip` pairs to grey with a
 * `PaletteMax` and all copies share one palette and the grey exports.
 */
function wantsGray(envs: Env[], skippers: (MaxAndSkip | undefined)[], exports: BatchExports): boolean {
  const palettes = new Set(envs.map((env) => env.unwrapped.palette));
  if (palettes.size !== 1 || grayExports({ core: { exports } }) === undefined) return false;
  return envs.every((env, k) => {
    const converter = findWrapper(env, PaletteMax);
    return converter !== undefined && !converter.color && skippers[k]?.keepPair === true;
  });
}

export class WasmStepBatch {
  private constructor(
    private readonly exports: BatchExports,
    private readonly id: number,
    private readonly envs: AleEnv[],
    private readonly skip: number,
    private readonly pixels: number,
    private readonly pairs: SlotFramePair[],
    /** Palette of the grey the batch writes; undefined when it writes none. */
    private readonly grayPalette: Uint32Array | undefined,
  ) {
    this.queued = envs.map(() => ({ aleAction: 0, count: 0, records: new Int32Array(0), screens: [] }));
  }

  /** Per copy, the frames queued by the last step; reused because each is consumed before the next step. */
  private readonly queued: PrefetchedFrames[];

  /** Whether the batch writes each copy's grey observation. */
  get writesGray(): boolean {
    return this.grayPalette !== undefined;
  }
  private views: BatchViews | undefined;

  /**
   * Builds a batch over the innermost environments of `envs`. They must all
   * read palette screens and run in one WebAssembly instance that has batch
   * exports, and any `MaxAndSkip` in their chains must skip `skip` frames,
   * else this returns undefined. Each copy's `MaxAndSkip` then keeps its two
   * frames in the batch's screen slots, which the batch fills directly.
   */
  static tryCreate(envs: Env[], skip: number): WasmStepBatch | undefined {
    const bases = envs.map((env) => env.unwrapped);
    if (!bases.every((base) => base instanceof AleEnv && base.screen === "palette")) return undefined;
    const aleEnvs = bases as AleEnv[];
    const cores = new Set(aleEnvs.map((env) => (env.ale as BatchableEmulator).core));
    const core = [...cores][0];
    if (cores.size !== 1 || !core || typeof core.exports.envBatchCreate !== "function") return undefined;
    const exports = core.exports as BatchExports;
    const skippers = envs.map((env) => findWrapper(env, MaxAndSkip));
    if (skippers.some((skipper) => skipper !== undefined && skipper.skip !== skip)) return undefined;
    // NOTE: reads ALEInterface's private handle id; a public accessor would be safer.
    const ids = aleEnvs.map((env) => (env.ale as unknown as { id?: number }).id);
    if (ids.some((id) => typeof id !== "number")) return undefined;
    const gray = wantsGray(envs, skippers, exports);
    const batchId = exports.envBatchCreate(envs.length, skip, gray ? 1 : 0);
    for (const id of ids) {
      if (!exports.envBatchAdd(batchId, id!)) {
        exports.envBatchDestroy(batchId);
        return undefined;
      }
    }
    const [height, width] = aleEnvs[0].observationShape;
    const pixels = height * width;
    const screens = exports.envBatchScreens(batchId);
    const pairs = envs.map((_, k) => {
      const grayAddress = gray ? screens + (2 * envs.length + k) * pixels : undefined;
      const written = () => exports.envBatchSlotsWritten(batchId, k);
      return new SlotFramePair(exports.memory, screens + 2 * k * pixels, pixels, grayAddress, written);
    });
    skippers.forEach((skipper, k) => skipper?.useFramePair(pairs[k]));
    const palette = gray ? aleEnvs[0].palette : undefined;
    return new WasmStepBatch(exports, batchId, aleEnvs, skip, pixels, pairs, palette);
  }

  /**
   * Emulates up to `skip` frames of every copy in one call and queues them on
   * each copy's innermost environment. Returns the RAM of all copies after
   * their frames (copies x 128 bytes). The queued screens and records, and
   * the returned RAM, are views of the module's memory. So every copy must
   * step before any copy resets or the batch steps again.
   */
  step(actions: ArrayLike<number>): Uint8Array {
    const n = this.envs.length;
    let views = this.currentViews();
    for (let k = 0; k < n; k++) {
      views.actions[k] = this.envs[k].aleAction(actions[k]);
      views.limits[k] = Math.min(this.skip, this.envs[k].framesUntilTruncation());
    }
    // Another environment in the module may have loaded another palette's table.
    if (this.grayPalette) loadGrayTable(this.exports as GrayBatchExports, this.grayPalette);
    this.exports.envBatchStep(this.id);
    // The call may have grown the memory, which detaches the views.
    views = this.currentViews();
    for (let k = 0; k < n; k++) {
      const frames = this.queued[k];
      frames.aleAction = views.actions[k];
      frames.count = views.done[k];
      frames.records = views.copyRecords[k];
      frames.screens = views.copyScreens[k];
      this.envs[k].prefetch(frames);
    }
    return views.ram;
  }

  /** Returns views of the batch's buffers, made again only when the memory has grown. */
  private currentViews(): BatchViews {
    const buffer = this.exports.memory.buffer;
    if (this.views?.buffer !== buffer) this.views = this.makeViews(buffer);
    return this.views;
  }

  private makeViews(buffer: ArrayBuffer): BatchViews {
    const { exports, id, skip, pixels } = this;
    const n = this.envs.length;
    const records = new Int32Array(buffer, exports.envBatchRecords(id), n * skip * RECORD_INTS);
    const copyRecords: Int32Array[] = [];
    const copyScreens: (Uint8Array | undefined)[][] = [];
    for (let k = 0; k < n; k++) {
      copyRecords.push(records.subarray(k * skip * RECORD_INTS, (k + 1) * skip * RECORD_INTS));
      // Frame skip - 2 is in slot 0 and frame skip - 1 in slot 1. `MaxAndSkip`
      // recognises its slot in these views and copies nothing.
      const pair = this.pairs[k].view();
      const screens: (Uint8Array | undefined)[] = [];
      for (let s = 0; s < 2; s++) {
        if (skip - 2 + s >= 0) screens[skip - 2 + s] = pair.subarray(s * pixels, (s + 1) * pixels);
      }
      copyScreens.push(screens);
    }
    return {
      buffer,
      actions: new Int32Array(buffer, exports.envBatchActions(id), n),
      limits: new Int32Array(buffer, exports.envBatchLimits(id), n),
      done: new Int32Array(buffer, exports.envBatchFramesDone(id), n),
      ram: new Uint8Array(buffer, exports.envBatchRam(id), n * RAM_BYTES),
      copyRecords,
      copyScreens,
    };
  }

  destroy(): void {
    this.exports.envBatchDestroy(this.id);
  }
}
