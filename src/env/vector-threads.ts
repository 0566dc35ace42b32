// Vector environments spread over Node worker threads.
import { Worker } from "node:worker_threads";
import type { Shape } from "./types.ts";
import {
  checkVectorSeed,
  vectorStepBytes,
  vectorStepViews,
  type VectorEnvironment,
  type VectorOptions,
  type VectorStep,
} from "./vector.ts";

/**
 * Environment factory of the workers: `module` (a file URL) exports a
 * function `name(options, copy)` that returns a promise of an `Env` for copy
 * `copy`. `options` must survive structured cloning.
 */
export interface EnvFactorySpec {
  module: string;
  name: string;
  options: unknown;
  /** Game whose AtariARI labels the copies report; none when left out. */
  labelGame?: string;
  /** Frames per step, for batched stepping inside each worker (see `VectorEnv`). */
  frameSkip?: number;
}

interface Shard {
  worker: Worker;
  start: number;
  count: number;
  channel?: WorkerChannel;
}

/**
 * Layout of the Int32Array control block that a worker and the main thread
 * share after the handshake. It contains the command's sequence number,
 * which the main thread increments, and the last sequence number the worker
 * finished. Then come that command's status, the command, the reset seed
 * and the shard's actions.
 */
export const CONTROL = { sequence: 0, done: 1, status: 2, command: 3, seed: 4, actions: 5 } as const;
export const COMMAND = { step: 1, reset: 2, close: 3 } as const;
export const STATUS = { ok: 0, failed: 1 } as const;

/** `Atomics.waitAsync` (ES2024, in Node since 16), which the TypeScript library here does not declare. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/**
 * Sends commands to one worker through its control block. The worker waits
 * with `Atomics.wait` and the main thread with `Atomics.waitAsync`, which
 * costs less than a message each way. Errors still come as messages.
 */
class WorkerChannel {
  readonly control: Int32Array;
  private sequence = 0;
  /** The error message of the last failed command, until `finished` reports it. */
  private error: Error | undefined;
  /** Set once the worker has crashed or exited. */
  private dead: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(worker: Worker, count: number) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (CONTROL.actions + count)));
    worker.on("message", (message: { error?: string }) => {
      if (message.error === undefined) return;
      this.error = new Error(`vector env worker failed: ${message.error}`);
      this.wake?.();
    });
    worker.on("error", (error) => this.stop(error));
    worker.on("exit", (code) => this.stop(new Error(`vector env worker exited with code ${code}`)));
  }

  private stop(error: Error): void {
    this.dead ??= error;
    this.wake?.();
  }

  /** Starts `command` in the worker. For a step, the shard's actions start at `actions[start]`. */
  send(command: number, seed = 0, actions?: ArrayLike<number>, start = 0): void {
    const control = this.control;
    control[CONTROL.command] = command;
    control[CONTROL.seed] = seed;
    if (actions) {
      for (let i = CONTROL.actions; i < control.length; i++) control[i] = actions[start + i - CONTROL.actions];
    }
    this.sequence++;
    Atomics.store(control, CONTROL.sequence, this.sequence);
    Atomics.notify(control, CONTROL.sequence);
  }

  /** Waits until the worker has finished the last command, and rejects if it failed or exited. */
  async finished(): Promise<void> {
    while (Atomics.load(this.control, CONTROL.done) !== this.sequence) {
      if (this.dead) throw this.dead;
      const wait = waitAsync(this.control, CONTROL.done, this.sequence - 1);
      if (wait.async) await this.until(wait.value as Promise<string>);
    }
    if (Atomics.load(this.control, CONTROL.status) === STATUS.ok) return;
    // The worker posts the error message before it marks the command done.
    while (!this.error && !this.dead) await this.until(new Promise<void>(() => {}));
    const error = this.error ?? this.dead!;
    this.error = undefined;
    throw error;
  }

  /** Waits for `event`, or for an error message or exit of the worker, whichever comes first. */
  private async until(event: Promise<unknown>): Promise<void> {
    await Promise.race([event, new Promise<void>((resolve) => (this.wake = resolve))]);
    this.wake = undefined;
  }
}

interface WorkerReady {
  actionCount: number;
  observationShape: number[];
  labelNames: string[];
}

/**
 * N environments split into contiguous shards, one per worker thread.
 * Copy i is seeded `seed + i` whatever the number of threads, so results
 * equal those of a single-threaded `VectorEnv`. Workers write their results
 * into one shared buffer and take commands through a shared control block
 * (see `WorkerChannel`), so a step posts no messages.
 */
export class ThreadedVectorEnv implements VectorEnvironment {
  private readonly shared: VectorStep;
  private readonly sharedBytes: Uint8Array;
  /** Whether a step or reset is waiting for the workers. */
  private running = false;

  private constructor(
    private readonly shards: Shard[],
    readonly numEnvs: number,
    readonly actionCount: number,
    readonly observationShape: Shape,
    readonly labelNames: readonly string[],
    buffer: SharedArrayBuffer,
    private readonly copy: boolean,
  ) {
    this.shared = vectorStepViews(buffer, numEnvs, this.observationSize, labelNames.length);
    this.sharedBytes = new Uint8Array(buffer);
  }

  static async create(
    factory: EnvFactorySpec,
    numEnvs: number,
    threads: number,
    options: VectorOptions = {},
  ): Promise<ThreadedVectorEnv> {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) {
      throw new Error(`invalid numEnvs ${numEnvs}: expected an integer >= 1`);
    }
    if (!Number.isInteger(threads) || threads < 1) {
      throw new Error(`invalid thread count ${threads}: expected an integer >= 1`);
    }
    const shardCount = Math.min(threads, numEnvs);
    const shards: Shard[] = [];
    for (let s = 0; s < shardCount; s++) {
      const start = Math.floor((s * numEnvs) / shardCount);
      const end = Math.floor(((s + 1) * numEnvs) / shardCount);
      const worker = startWorker({ factory, start, count: end - start });
      shards.push({ worker, start, count: end - start });
    }
    try {
      const ready = await Promise.all(shards.map((shard) => nextMessage<WorkerReady>(shard.worker)));
      const { actionCount, observationShape, labelNames } = ready[0];
      const observationSize = observationShape.reduce((a, b) => a * b, 1);
      const buffer = new SharedArrayBuffer(vectorStepBytes(numEnvs, observationSize, labelNames.length));
      await Promise.all(
        shards.map((shard) => {
          shard.channel = new WorkerChannel(shard.worker, shard.count);
          const control = shard.channel.control;
          shard.worker.postMessage({ type: "attach", buffer, control, numEnvs, start: shard.start });
          return nextMessage<boolean>(shard.worker);
        }),
      );
      const copy = options.copy ?? true;
      return new ThreadedVectorEnv(shards, numEnvs, actionCount, observationShape, labelNames, buffer, copy);
    } catch (error) {
      await Promise.all(shards.map((shard) => shard.worker.terminate()));
      throw error;
    }
  }

  private get observationSize(): number {
    return this.observationShape.reduce((a, b) => a * b, 1);
  }

  async reset(seed: number): Promise<Uint8Array> {
    checkVectorSeed(seed);
    await this.runAll((channel, shard) => channel.send(COMMAND.reset, seed + shard.start));
    return this.shared.observations.slice();
  }

  /**
   * Steps every shard in its worker. With `copy` (the default), the results
   * are copied out of the shared buffer into new arrays. Without it, they are
   * views of the shared buffer, which the next step overwrites.
   */
  async step(actions: ArrayLike<number>): Promise<VectorStep> {
    if (actions.length !== this.numEnvs) {
      throw new Error(`expected ${this.numEnvs} actions, got ${actions.length}`);
    }
    await this.runAll((channel, shard) => channel.send(COMMAND.step, 0, actions, shard.start));
    if (!this.copy) return this.shared;
    // One allocation and copy for all arrays, with the same layout.
    const buffer = new ArrayBuffer(this.sharedBytes.length);
    new Uint8Array(buffer).set(this.sharedBytes);
    return vectorStepViews(buffer, this.numEnvs, this.observationSize, this.labelNames.length);
  }

  /**
   * Sends a command to every worker and waits until all have finished it.
   * A second call before that is rejected, because it would overwrite the
   * control blocks and the shared results.
   */
  private async runAll(send: (channel: WorkerChannel, shard: Shard) => void): Promise<void> {
    if (this.running) {
      throw new Error("a step or reset of this vector env is still running: await it before the next call");
    }
    this.running = true;
    try {
      for (const shard of this.shards) send(shard.channel!, shard);
      // Every worker must be done before the next command, even when one failed.
      const results = await Promise.allSettled(this.shards.map((shard) => shard.channel!.finished()));
      const failed = results.find((result) => result.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
    } finally {
      this.running = false;
    }
  }

  async close(): Promise<void> {
    // The command ends the worker's wait loop in case termination cannot interrupt Atomics.wait.
    for (const shard of this.shards) shard.channel?.send(COMMAND.close);
    await Promise.all(this.shards.map((shard) => shard.worker.terminate()));
  }
}

/**
 * Starts `vector-worker`. Loader hooks such as tsx's do not reach worker
 * threads in Node 20, so when this file runs from TypeScript sources the
 * worker first registers tsx and then imports the worker module.
 */
function startWorker(workerData: unknown): Worker {
  const url = new URL(import.meta.url.endsWith(".ts") ? "./vector-worker.ts" : "./vector-worker.js", import.meta.url);
  if (!url.pathname.endsWith(".ts")) return new Worker(url, { workerData });
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const bootstrap =
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** Waits for the next message from `worker`; rejects when the worker reports an error or exits. */
function nextMessage<T>(worker: Worker): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: { error?: string; value?: T }) => {
      cleanup();
      if (message.error !== undefined) reject(new Error(`vector env worker failed: ${message.error}`));
      else resolve(message.value as T);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`vector env worker exited with code ${code}`));
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}
