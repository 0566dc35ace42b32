// One WebAssembly call steps every copy of a vector env (see
// assembly/env/batch.ts); the wrapper chains then consume the recorded
// frames instead of calling act() themselves.
import { AleEnv } from "./ale-env.ts";
import type { Env } from "./types.ts";

/** Exports of the emulator module that batched stepping uses. */
interface BatchExports {
  memory: WebAssembly.Memory;
  envBatchCreate(capacity: number, skip: number): number;
  envBatchDestroy(id: number): void;
  envBatchAdd(batchId: number, aleId: number): number;
  envBatchStep(id: number): void;
  envBatchActions(id: number): number;
  envBatchLimits(id: number): number;
  envBatchFramesDone(id: number): number;
  envBatchRecords(id: number): number;
  envBatchScreens(id: number): number;
  envBatchRam(id: number): number;
}

/** The parts of the project's ALEInterface a batch needs. */
interface BatchableEmulator {
  core?: { exports: Partial<BatchExports> };
}

const RECORD_INTS = 4;
const RAM_BYTES = 128;

export class WasmStepBatch {
  private constructor(
    private readonly exports: BatchExports,
    private readonly id: number,
    private readonly envs: AleEnv[],
    private readonly skip: number,
    private readonly pixels: number,
  ) {}

  /**
   * Builds a batch over the innermost environments of `envs`. They must all
   * read palette screens and run in one WebAssembly instance that has batch
   * exports, else this returns undefined.
   */
  static tryCreate(envs: Env[], skip: number): WasmStepBatch | undefined {
    const bases = envs.map((env) => env.unwrapped);
    if (!bases.every((base) => base instanceof AleEnv && base.screen === "palette")) return undefined;
    const aleEnvs = bases as AleEnv[];
    const cores = new Set(aleEnvs.map((env) => (env.ale as BatchableEmulator).core));
    const core = [...cores][0];
    if (cores.size !== 1 || !core || typeof core.exports.envBatchCreate !== "function") return undefined;
    const exports = core.exports as BatchExports;
    // NOTE: reads ALEInterface's private handle id; a public accessor would be safer.
    const ids = aleEnvs.map((env) => (env.ale as unknown as { id?: number }).id);
    if (ids.some((id) => typeof id !== "number")) return undefined;
    const batchId = exports.envBatchCreate(envs.length, skip);
    for (const id of ids) {
      if (!exports.envBatchAdd(batchId, id!)) {
        exports.envBatchDestroy(batchId);
        return undefined;
      }
    }
    const [height, width] = aleEnvs[0].observationShape;
    return new WasmStepBatch(exports, batchId, aleEnvs, skip, height * width);
  }

  /**
   * Emulates up to `skip` frames of every copy in one call and queues them on
   * each copy's innermost environment. Returns the RAM of all copies after
   * their frames (copies x 128 bytes). The queued screens are views of the
   * module's memory, so every copy must step before any copy resets.
   */
  step(actions: ArrayLike<number>): Uint8Array {
    const n = this.envs.length;
    const exports = this.exports;
    const aleActions = new Int32Array(exports.memory.buffer, exports.envBatchActions(this.id), n);
    const limits = new Int32Array(exports.memory.buffer, exports.envBatchLimits(this.id), n);
    for (let k = 0; k < n; k++) {
      aleActions[k] = this.envs[k].aleAction(actions[k]);
      limits[k] = Math.min(this.skip, this.envs[k].framesUntilTruncation());
    }
    exports.envBatchStep(this.id);

    // Views are made after the call because memory may have grown during it.
    const buffer = exports.memory.buffer;
    const done = new Int32Array(buffer, exports.envBatchFramesDone(this.id), n);
    const records = new Int32Array(buffer, exports.envBatchRecords(this.id), n * this.skip * RECORD_INTS);
    const screens = new Uint8Array(buffer, exports.envBatchScreens(this.id), n * 2 * this.pixels);
    for (let k = 0; k < n; k++) {
      const frameScreens: (Uint8Array | undefined)[] = [];
      for (let s = 0; s < 2; s++) {
        const frame = this.skip - 2 + s;
        if (frame >= 0 && frame < done[k]) {
          // A view, not a copy: the chain copies it while consuming the
          // frame, before anything can grow the module's memory.
          const start = (2 * k + s) * this.pixels;
          frameScreens[frame] = screens.subarray(start, start + this.pixels);
        }
      }
      const start = k * this.skip * RECORD_INTS;
      this.envs[k].prefetch({
        aleAction: aleActions[k],
        count: done[k],
        records: records.slice(start, start + done[k] * RECORD_INTS),
        screens: frameScreens,
      });
    }
    return new Uint8Array(buffer, exports.envBatchRam(this.id), n * RAM_BYTES).slice();
  }

  destroy(): void {
    this.exports.envBatchDestroy(this.id);
  }
}
