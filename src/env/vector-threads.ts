// Vector environments spread over Node worker threads.
import { Worker } from "node:worker_threads";
import type { Shape } from "./types.ts";
import {
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
 * into one shared buffer, so a step sends only the actions and a short
 * reply through messages.
 */
export class ThreadedVectorEnv implements VectorEnvironment {
  private readonly shared: VectorStep;
  private readonly sharedBytes: Uint8Array;

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
          shard.worker.postMessage({ type: "attach", buffer, numEnvs, start: shard.start });
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
    const parts = await Promise.all(
      this.shards.map((shard) => {
        shard.worker.postMessage({ type: "reset", seed: seed + shard.start });
        return nextMessage<Uint8Array>(shard.worker);
      }),
    );
    const observations = new Uint8Array(this.numEnvs * this.observationSize);
    parts.forEach((part, s) => observations.set(part, this.shards[s].start * this.observationSize));
    return observations;
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
    await Promise.all(
      this.shards.map((shard) => {
        const slice = Int32Array.from({ length: shard.count }, (_, i) => actions[shard.start + i]);
        shard.worker.postMessage({ type: "step", actions: slice }, [slice.buffer]);
        return nextMessage<boolean>(shard.worker);
      }),
    );
    if (!this.copy) return this.shared;
    // One allocation and copy for all arrays, with the same layout.
    const buffer = new ArrayBuffer(this.sharedBytes.length);
    new Uint8Array(buffer).set(this.sharedBytes);
    return vectorStepViews(buffer, this.numEnvs, this.observationSize, this.labelNames.length);
  }

  async close(): Promise<void> {
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
