import { readLabelValues, type LabelTable } from "../atariari/labels.ts";
import type { AleEnv } from "./ale-env.ts";
import type { BaseEnv, Env, Shape } from "./types.ts";
import { WasmStepBatch } from "./vector-batch.ts";

/**
 * Results of one step of all copies, copy i at offset i * size in each
 * array. The arrays of one step are views of one buffer (see
 * `vectorStepViews`).
 */
export interface VectorStep {
  /** numEnvs x observation bytes. A copy whose episode ended gets its first observation after the automatic reset. */
  observations: Uint8Array;
  rewards: Float64Array;
  /** 1 where the copy's episode ended (terminated), else 0. */
  terminated: Uint8Array;
  /** 1 where the copy's episode was cut off by the frame limit, else 0. */
  truncated: Uint8Array;
  /** numEnvs x label count, read from RAM after the step and before any reset; empty without a label table. */
  labels: Uint8Array;
  lives: Int32Array;
}

/** N environments stepped together, with the same interface whether they run here or in worker threads. */
export interface VectorEnvironment {
  readonly numEnvs: number;
  readonly actionCount: number;
  readonly observationShape: Shape;
  readonly labelNames: readonly string[];
  /** Resets copy i with seed `seed + i` and returns the observations. */
  reset(seed: number): Promise<Uint8Array>;
  step(actions: ArrayLike<number>): Promise<VectorStep>;
  close(): Promise<void>;
}

/** Options of `VectorEnv` and `ThreadedVectorEnv`. */
export interface VectorOptions {
  /**
   * True (the default): every step returns new arrays. False: every step
   * returns the same arrays, overwritten by the next step, like Gymnasium's
   * vector envs with `copy=False`. Read or copy the results before stepping
   * again.
   */
  copy?: boolean;
}

/** Size in bytes of one buffer that contains a `VectorStep` of `numEnvs` copies. */
export function vectorStepBytes(numEnvs: number, observationSize: number, labelCount: number): number {
  return numEnvs * (14 + labelCount + observationSize);
}

/**
 * Lays a `VectorStep` out in `buffer` (at least `vectorStepBytes` long):
 * rewards (float64), lives (int32), terminated, truncated, labels, then
 * observations, each array covering all copies. One allocation per step
 * costs far less than six (V8 allocates each typed array's memory apart),
 * and worker threads can share the buffer.
 */
export function vectorStepViews(
  buffer: ArrayBufferLike,
  numEnvs: number,
  observationSize: number,
  labelCount: number,
): VectorStep {
  const n = numEnvs;
  return {
    rewards: new Float64Array(buffer, 0, n),
    lives: new Int32Array(buffer, 8 * n, n),
    terminated: new Uint8Array(buffer, 12 * n, n),
    truncated: new Uint8Array(buffer, 13 * n, n),
    labels: new Uint8Array(buffer, 14 * n, n * labelCount),
    observations: new Uint8Array(buffer, n * (14 + labelCount), n * observationSize),
  };
}

/** Returns the views of `step` that cover copies `start` to `start + count - 1`. */
export function vectorStepShard(
  step: VectorStep,
  start: number,
  count: number,
  observationSize: number,
  labelCount: number,
): VectorStep {
  const end = start + count;
  return {
    rewards: step.rewards.subarray(start, end),
    lives: step.lives.subarray(start, end),
    terminated: step.terminated.subarray(start, end),
    truncated: step.truncated.subarray(start, end),
    labels: step.labels.subarray(start * labelCount, end * labelCount),
    observations: step.observations.subarray(start * observationSize, end * observationSize),
  };
}

/**
 * N copies of an environment stepped with one call, like baselines'
 * `DummyVecEnv`: a copy whose episode ends is reset at once, and its reset
 * observation replaces the final one. Copy i is seeded with `seed + i`, as
 * the AtariARI code seeds rank i, so a copy's frames do not depend on N.
 */
export class VectorEnv implements VectorEnvironment {
  readonly numEnvs: number;
  readonly actionCount: number;
  readonly observationShape: Shape;
  readonly labelNames: readonly string[];
  private readonly observationSize: number;
  private readonly batch: WasmStepBatch | undefined;
  /** The innermost environment of each copy. */
  private readonly bases: BaseEnv[];
  /** The arrays every step returns when `copy` is false. */
  private readonly reused: VectorStep | undefined;
  /** Set by `close`. A closed batch's buffers are gone, so stepping on would write to stray memory. */
  private closed = false;

  /**
   * With `frameSkip`, the frames of each step (`frameSkip` per copy, through
   * max-and-skip) are emulated for all copies by one WebAssembly call when
   * the copies share an emulator module that supports it.
   */
  constructor(
    readonly envs: Env[],
    private readonly labels?: LabelTable,
    options: { frameSkip?: number } & VectorOptions = {},
  ) {
    if (envs.length === 0) throw new Error("VectorEnv needs at least one environment");
    this.numEnvs = envs.length;
    this.actionCount = envs[0].actionSpace.n;
    this.observationShape = envs[0].observationShape;
    this.observationSize = this.observationShape.reduce((a, b) => a * b, 1);
    this.labelNames = labels?.names ?? [];
    for (const env of envs) {
      if (env.actionSpace.n !== this.actionCount || String(env.observationShape) !== String(this.observationShape)) {
        throw new Error("VectorEnv copies must share the action count and observation shape");
      }
    }
    this.bases = envs.map((env) => env.unwrapped);
    this.batch = options.frameSkip ? WasmStepBatch.tryCreate(envs, options.frameSkip) : undefined;
    this.reused = options.copy === false ? this.allocateStep() : undefined;
  }

  private allocateStep(): VectorStep {
    const labelCount = this.labelNames.length;
    const bytes = vectorStepBytes(this.numEnvs, this.observationSize, labelCount);
    return vectorStepViews(new ArrayBuffer(bytes), this.numEnvs, this.observationSize, labelCount);
  }

  /** Whether steps go through one batched WebAssembly call. */
  get batched(): boolean {
    return this.batch !== undefined;
  }

  /** Whether that call also computes the grey observations. */
  get batchedGray(): boolean {
    return this.batch?.writesGray ?? false;
  }

  resetSync(seed: number): Uint8Array {
    this.checkOpen();
    const observations = new Uint8Array(this.numEnvs * this.observationSize);
    this.envs.forEach((env, i) => {
      observations.set(env.reset({ seed: seed + i }).observation, i * this.observationSize);
    });
    return observations;
  }

  stepSync(actions: ArrayLike<number>): VectorStep {
    const out = this.reused ?? this.allocateStep();
    this.stepInto(actions, out);
    return out;
  }

  /** Steps every copy and writes every element of `out`, whose arrays must have room for `numEnvs` copies. */
  stepInto(actions: ArrayLike<number>, out: VectorStep): void {
    this.checkOpen();
    // Every action is checked before any copy steps. A copy that rejected
    // its action after the batch emulated its frames would leave them
    // unconsumed, and the copies would fall out of step.
    checkVectorActions(actions, this.numEnvs, this.actionCount);
    const n = this.numEnvs;
    if (this.batch) {
      // The batch emulates every frame of the step, so its RAM is the RAM
      // after the step.
      const ram = this.batch.step(actions);
      if (this.labels) readBatchLabels(this.labels, ram, out.labels);
    }
    // Every copy steps before any resets: resets can grow the emulator's
    // memory, which would invalidate the batch's views.
    let ended: number[] | undefined;
    for (let i = 0; i < n; i++) {
      if (this.stepCopy(i, actions[i], out)) (ended ??= []).push(i);
    }
    for (const i of ended ?? []) out.observations.set(this.envs[i].reset().observation, i * this.observationSize);
  }

  /** Steps copy i and fills its slots of `out`; returns whether its episode ended (the caller resets it). */
  private stepCopy(i: number, action: number, out: VectorStep): boolean {
    const env = this.envs[i];
    const result = env.step(action);
    if (this.batch && (this.bases[i] as AleEnv).pendingPrefetchedFrames() !== 0) {
      throw new Error(`copy ${i}: the wrapper chain used fewer frames than the batch emulated`);
    }
    out.rewards[i] = result.reward;
    out.terminated[i] = result.terminated ? 1 : 0;
    out.truncated[i] = result.truncated ? 1 : 0;
    out.lives[i] = result.info.lives;
    if (this.labels && !this.batch) {
      const labels = out.labels.subarray(i * this.labels.names.length, (i + 1) * this.labels.names.length);
      readLabelValues(this.labels, this.bases[i].ale.getRAM(), labels);
    }
    const ended = result.terminated || result.truncated;
    if (!ended) out.observations.set(result.observation, i * this.observationSize);
    return ended;
  }

  async reset(seed: number): Promise<Uint8Array> {
    checkVectorSeed(seed);
    return this.resetSync(seed);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("this vector env is closed: create a new one to step or reset");
  }

  async step(actions: ArrayLike<number>): Promise<VectorStep> {
    return this.stepSync(actions);
  }

  /** Releases the batch and the copies' emulators; the env cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batch?.destroy();
    for (const env of this.envs) env.unwrapped.ale.dispose?.();
  }
}

/** Copies the labels of every copy out of a batch's RAM (copies x 128 bytes) into `out` (copies x label count). */
function readBatchLabels(table: LabelTable, ram: Uint8Array, out: Uint8Array): void {
  const indices = table.ramIndices;
  const count = indices.length;
  for (let k = 0, at = 0; at < out.length; k += 128, at += count) {
    for (let j = 0; j < count; j++) out[at + j] = ram[k + indices[j]];
  }
}

/**
 * Rejects a seed that is not a finite number, such as the `{ seed }` object
 * that a single environment's reset takes.
 */
export function checkVectorSeed(seed: unknown): void {
  if (typeof seed !== "number") {
    throw new Error(
      `invalid seed ${JSON.stringify(seed)}: a vector env's reset takes a number, and copy i gets seed + i`,
    );
  }
  if (!Number.isFinite(seed)) {
    throw new Error(`invalid seed ${seed}: expected a finite number`);
  }
}

/** Rejects `actions` unless it contains one integer in [0, actionCount) per copy. */
export function checkVectorActions(actions: ArrayLike<number>, numEnvs: number, actionCount: number): void {
  if (actions.length !== numEnvs) {
    throw new Error(`expected ${numEnvs} actions, got ${actions.length}`);
  }
  for (let i = 0; i < numEnvs; i++) {
    const action = actions[i];
    if (!Number.isInteger(action) || action < 0 || action >= actionCount) {
      throw new Error(`invalid action ${action} for copy ${i}: expected an integer in [0, ${actionCount})`);
    }
  }
}
