// Vector environments spread over the calling thread and Node worker threads.
import { Worker } from "node:worker_threads";
import { labelTable } from "../atariari/labels.ts";
import type { Env, Shape } from "./types.ts";
import {
  checkVectorActions,
  checkVectorSeed,
  VectorEnv,
  vectorStepBytes,
  vectorStepShard,
  vectorStepViews,
  type VectorEnvironment,
  type VectorOptions,
  type VectorStep,
} from "./vector.ts";

/**
 * Environment factory of the shards: `module` (a file URL) exports a
 * function `name(options, copy)` that returns a promise of an `Env` for copy
 * `copy`. `options` must survive structured cloning.
 */
export interface EnvFactorySpec {
  module: string;
  name: string;
  options: unknown;
  /** Game whose AtariARI labels the copies report; none when left out. */
  labelGame?: string;
  /** Frames per step, for batched stepping inside each shard (see `VectorEnv`). */
  frameSkip?: number;
}

/** Copies `start` to `start + count - 1`, stepped by one thread. */
interface Shard {
  start: number;
  count: number;
}

interface WorkerShard extends Shard {
  worker: Worker;
  channel?: WorkerChannel;
}

/**
 * Splits `numEnvs` copies into `shardCount` contiguous shards whose sizes
 * differ by at most one. The first shards get the extra copies, so the
 * calling thread, which steps shard 0, rarely waits for a worker.
 */
export function shardBounds(numEnvs: number, shardCount: number): Shard[] {
  const base = Math.floor(numEnvs / shardCount);
  const extra = numEnvs % shardCount;
  const shards: Shard[] = [];
  let start = 0;
  for (let s = 0; s < shardCount; s++) {
    const count = base + (s < extra ? 1 : 0);
    shards.push({ start, count });
    start += count;
  }
  return shards;
}

/** Builds the copies of one shard with `factory`, on the thread that calls it. */
export async function createShardEnv(factory: EnvFactorySpec, start: number, count: number): Promise<VectorEnv> {
  const module = await import(factory.module);
  const create = module[factory.name] as (options: unknown, copy: number) => Promise<Env>;
  if (typeof create !== "function") {
    throw new Error(`${factory.module} has no exported function ${factory.name}`);
  }
  const envs: Env[] = [];
  for (let i = 0; i < count; i++) envs.push(await create(factory.options, start + i));
  const labels = factory.labelGame === undefined ? undefined : labelTable(factory.labelGame);
  return new VectorEnv(envs, labels, { frameSkip: factory.frameSkip });
}

/**
 * Layout of the Int32Array control block that a worker and the main thread
 * share after the handshake. It contains the command's sequence number,
 * which the main thread increments, and the last sequence number the worker
 * finished. Then come that command's status, the command, the reset seed
 * and the shard's actions. The seed is a float64 in elements 4 and 5 (see
 * `controlSeed`), because a vector env takes any finite seed and an int32
 * would wrap `seed + start` past 2^31 and drop fractions.
 */
export const CONTROL = { sequence: 0, done: 1, status: 2, command: 3, seed: 4, actions: 6 } as const;

/** Returns the float64 view of the reset seed in `control`. */
export function controlSeed(control: Int32Array): Float64Array {
  return new Float64Array(control.buffer, control.byteOffset + 4 * CONTROL.seed, 1);
}
export const COMMAND = { step: 1, reset: 2, close: 3 } as const;
export const STATUS = { ok: 0, failed: 1 } as const;

/**
 * How long a thread that has finished its part of a step polls for the
 * other side before it sleeps, as a share of the time its part took. The
 * calling thread polls for the workers and a worker for the next step.
 * Waking a sleeping thread costs more CPU time than a short poll. On a
 * 2-vCPU virtual machine, 8 copies of pong over 2 threads used 176 CPU
 * microseconds per observation without polling and 166 with it, the same
 * as on 1 thread (alternating 250 ms slices in one process). Scaling the
 * limit with the step keeps the poll short against the step it waits for.
 * NOTE: with more threads than free cores, a polling thread takes up to
 * this share of the step's time from the others.
 */
export const POLL_SHARE = 0.25;

/**
 * Bounded polling with backoff. A poll that times out means the other side
 * was busy for longer than the limit, as when a caller works between
 * steps, and then every poll would be a waste. So after a timeout the next
 * 1, 2, 4, ... up to `MAX_SKIP` polls are skipped. A poll that succeeds
 * resets the count.
 */
export class BackoffPoll {
  static readonly MAX_SKIP = 32;
  /** Milliseconds the next poll may take. */
  limit = 0;
  private skip = 0;
  private skipped = 0;

  /** Calls `ready` until it returns true or the limit has passed, unless this poll is skipped. */
  run(ready: () => boolean): void {
    if (this.limit <= 0) return;
    if (this.skipped < this.skip) {
      this.skipped++;
      return;
    }
    const start = performance.now();
    while (!ready()) {
      if (performance.now() - start >= this.limit) {
        this.skip = Math.min(BackoffPoll.MAX_SKIP, Math.max(1, 2 * this.skip));
        this.skipped = 0;
        return;
      }
    }
    this.skip = 0;
  }
}

/** `Atomics.waitAsync` (ES2024, in Node since 16), which the TypeScript library here does not declare. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/**
 * Sends commands to one worker through its control block. After polling
 * for `POLL_SHARE` of a step, the worker waits with `Atomics.wait` and the
 * main thread with `Atomics.waitAsync`, which costs less than a message
 * each way. Errors still come as messages.
 */
class WorkerChannel {
  readonly control: Int32Array;
  private readonly seed: Float64Array;
  private sequence = 0;
  /** The error message of the last failed command, until `finished` reports it. */
  private error: Error | undefined;
  /** Set once the worker has crashed or exited. */
  private dead: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(worker: Worker, count: number) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (CONTROL.actions + count)));
    this.seed = controlSeed(this.control);
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

  /** Starts `command` in the worker. For a step, `actions` contains the shard's actions. */
  send(command: number, seed = 0, actions?: Int32Array): void {
    const control = this.control;
    control[CONTROL.command] = command;
    this.seed[0] = seed;
    if (actions) control.set(actions, CONTROL.actions);
    this.sequence++;
    Atomics.store(control, CONTROL.sequence, this.sequence);
    Atomics.notify(control, CONTROL.sequence);
  }

  /** Returns whether the worker has finished the last command. */
  done(): boolean {
    return Atomics.load(this.control, CONTROL.done) === this.sequence;
  }

  /** Returns whether the worker has finished the last command without an error. */
  succeeded(): boolean {
    const control = this.control;
    return Atomics.load(control, CONTROL.done) === this.sequence && Atomics.load(control, CONTROL.status) === STATUS.ok;
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

/** Action count, observation shape and label names that a worker reports once its copies are built. */
interface WorkerReady {
  actionCount: number;
  observationShape: number[];
  labelNames: string[];
}

/**
 * N environments split into contiguous shards, one per thread. The calling
 * thread steps shard 0 itself and each worker thread one of the others.
 * Copy i is seeded `seed + i` whatever the number of threads, so results
 * equal those of a single-threaded `VectorEnv`. All shards write their
 * results into one shared buffer, and workers take commands through a
 * shared control block (see `WorkerChannel`), so a step posts no messages.
 *
 * While a step runs, the calling thread is busy with its own shard. Then
 * it polls for the workers (see `POLL_SHARE`) and, if they are still
 * busy, waits for them without blocking the event loop. Stepping a shard
 * here instead of waking one more worker per step saves CPU time. On a
 * 2-vCPU virtual machine, a worker that slept on its own core between
 * steps of 8 pong copies used about 100 microseconds more CPU time per
 * step than the calling thread needed for the same copies.
 */
export class ThreadedVectorEnv implements VectorEnvironment {
  private readonly shared: VectorStep;
  private readonly sharedBytes: Uint8Array;
  private readonly observationSize: number;
  /** The results of the calling thread's shard: views of the shared buffer. */
  private readonly localResults: VectorStep;
  /** The actions of every copy, checked and converted once per step. */
  private readonly actions: Int32Array;
  /** Whether a step or reset is waiting for the workers. */
  private running = false;
  /** Set by `close`, after which the workers are gone and shard 0's emulators released. */
  private closed = false;
  private readonly poll = new BackoffPoll();
  private readonly workersDone = () => this.workers.every((shard) => shard.channel!.done());

  private constructor(
    /** Shard 0, stepped by the calling thread. */
    private readonly local: VectorEnv,
    private readonly workers: WorkerShard[],
    readonly numEnvs: number,
    buffer: SharedArrayBuffer,
    private readonly copy: boolean,
  ) {
    this.observationSize = local.observationShape.reduce((a, b) => a * b, 1);
    const labelCount = local.labelNames.length;
    this.shared = vectorStepViews(buffer, numEnvs, this.observationSize, labelCount);
    this.sharedBytes = new Uint8Array(buffer);
    this.localResults = vectorStepShard(this.shared, 0, local.numEnvs, this.observationSize, labelCount);
    this.actions = new Int32Array(numEnvs);
  }

  get actionCount(): number {
    return this.local.actionCount;
  }

  get observationShape(): Shape {
    return this.local.observationShape;
  }

  get labelNames(): readonly string[] {
    return this.local.labelNames;
  }

  /** The number of threads that step copies, the calling thread included. */
  get threads(): number {
    return 1 + this.workers.length;
  }

  /**
   * Builds `numEnvs` copies over `threads` threads: the calling thread
   * steps the first shard and `threads - 1` worker threads the others.
   * One thread steps every copy without workers.
   */
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
    const [first, ...rest] = shardBounds(numEnvs, Math.min(threads, numEnvs));
    const workers: WorkerShard[] = rest.map(({ start, count }) => ({
      start,
      count,
      worker: startWorker({ factory, start, count }),
    }));
    let local: VectorEnv | undefined;
    try {
      // The workers get a structured clone of the options, and so does shard 0.
      local = await createShardEnv({ ...factory, options: structuredClone(factory.options) }, first.start, first.count);
      const ready = await Promise.all(workers.map((shard) => nextMessage<WorkerReady>(shard.worker)));
      ready.forEach((report, k) => checkSameSpaces(local!, report, workers[k]));
      const observationSize = local.observationShape.reduce((a, b) => a * b, 1);
      const bytes = vectorStepBytes(numEnvs, observationSize, local.labelNames.length);
      const buffer = new SharedArrayBuffer(bytes);
      await Promise.all(workers.map((shard) => attachWorker(shard, buffer, numEnvs)));
      return new ThreadedVectorEnv(local, workers, numEnvs, buffer, options.copy ?? true);
    } catch (error) {
      await local?.close();
      await Promise.all(workers.map((shard) => shard.worker.terminate()));
      throw error;
    }
  }

  async reset(seed: number): Promise<Uint8Array> {
    this.checkOpen();
    checkVectorSeed(seed);
    await this.runAll(
      (shard) => shard.channel!.send(COMMAND.reset, seed + shard.start),
      () => this.localResults.observations.set(this.local.resetSync(seed)),
    );
    return this.shared.observations.slice();
  }

  /**
   * Steps every shard and returns when all have finished. With `copy` (the
   * default), the results are copied out of the shared buffer into new
   * arrays. Without it, they are views of the shared buffer, which the next
   * step overwrites.
   */
  async step(actions: ArrayLike<number>): Promise<VectorStep> {
    this.checkOpen();
    this.checkActions(actions);
    const localActions = this.actions.subarray(0, this.local.numEnvs);
    let fresh: Uint8Array | undefined;
    await this.runAll(
      (shard) => shard.channel!.send(COMMAND.step, 0, this.actions.subarray(shard.start, shard.start + shard.count)),
      () => {
        this.local.stepInto(localActions, this.localResults);
        // Done while the workers still step, so that they wait less for the next step.
        if (this.copy) fresh = this.copyLocalObservations();
      },
    );
    if (!fresh) return this.shared;
    this.copyRest(fresh);
    return vectorStepViews(fresh.buffer, this.numEnvs, this.observationSize, this.labelNames.length);
  }

  /**
   * Allocates the bytes of a new step, with the layout of the shared
   * buffer, and copies shard 0's observations into them. One allocation
   * for all arrays costs less than one per array.
   */
  private copyLocalObservations(): Uint8Array {
    const fresh = new Uint8Array(this.sharedBytes.length);
    const observations = this.localResults.observations;
    fresh.set(observations, observations.byteOffset);
    return fresh;
  }

  /** Copies everything but shard 0's observations from the shared buffer into `fresh`. */
  private copyRest(fresh: Uint8Array): void {
    const observations = this.localResults.observations;
    const localEnd = observations.byteOffset + observations.byteLength;
    fresh.set(this.sharedBytes.subarray(0, observations.byteOffset));
    fresh.set(this.sharedBytes.subarray(localEnd), localEnd);
  }

  /**
   * Checks `actions` and copies them into the Int32Array that the shards
   * read. Every action is checked before any shard steps, so one invalid
   * action cannot leave some shards a step ahead of the others.
   */
  private checkActions(actions: ArrayLike<number>): void {
    checkVectorActions(actions, this.numEnvs, this.actionCount);
    this.actions.set(actions);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("this vector env is closed: create a new one to step or reset");
  }

  /**
   * Sends a command to every worker, runs shard 0 here and then waits until
   * every worker has finished. A second call before that is rejected,
   * because it would overwrite the control blocks and the shared results.
   * Errors are thrown in shard order.
   */
  private async runAll(send: (shard: WorkerShard) => void, runLocal: () => void): Promise<void> {
    if (this.running) {
      throw new Error("a step or reset of this vector env is still running: await it before the next call");
    }
    this.running = true;
    try {
      for (const shard of this.workers) send(shard);
      let localError: { error: unknown } | undefined;
      const localStart = performance.now();
      try {
        runLocal();
      } catch (error) {
        localError = { error };
      }
      this.poll.limit = POLL_SHARE * (performance.now() - localStart);
      this.poll.run(this.workersDone);
      // Every worker must be done before the next command, even when a shard failed.
      const pending = this.workers.filter((shard) => !shard.channel!.succeeded());
      const results = await Promise.allSettled(pending.map((shard) => shard.channel!.finished()));
      // `close` ends the workers, whose exit would otherwise be the reported error.
      if (this.closed) throw new Error("this vector env was closed before the step or reset finished");
      if (localError) throw localError.error;
      const failed = results.find((result) => result.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
    } finally {
      this.running = false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The command ends the worker's wait loop in case termination cannot interrupt Atomics.wait.
    for (const shard of this.workers) shard.channel?.send(COMMAND.close);
    await Promise.all(this.workers.map((shard) => shard.worker.terminate()));
    await this.local.close();
  }
}

/** Rejects a worker whose copies differ from shard 0's in actions, observations or labels. */
function checkSameSpaces(local: VectorEnv, report: WorkerReady, shard: Shard): void {
  const same =
    report.actionCount === local.actionCount &&
    String(report.observationShape) === String(local.observationShape) &&
    String(report.labelNames) === String(local.labelNames);
  if (same) return;
  const last = shard.start + shard.count - 1;
  throw new Error(
    `copies ${shard.start} to ${last} have ${report.actionCount} actions, observation shape ` +
      `[${report.observationShape}] and ${report.labelNames.length} labels, but copy 0 has ` +
      `${local.actionCount}, [${local.observationShape}] and ${local.labelNames.length}: ` +
      "the factory must build the same kind of environment for every copy",
  );
}

/** Hands the worker its control block and the shared results, and waits for its confirmation. */
function attachWorker(shard: WorkerShard, buffer: SharedArrayBuffer, numEnvs: number): Promise<boolean> {
  shard.channel = new WorkerChannel(shard.worker, shard.count);
  const control = shard.channel.control;
  shard.worker.postMessage({ type: "attach", buffer, control, numEnvs, start: shard.start });
  return nextMessage<boolean>(shard.worker);
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
