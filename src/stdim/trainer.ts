import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { saveSafetensors, writeFileAtomic } from "../checkpoint/files.ts";
import { parameterShapes } from "../checkpoint/parameters.ts";
import { decodeTrainingState, encodeTrainingState } from "../checkpoint/training-state.ts";
import type { StdimBackend } from "./backend.ts";
import { EarlyStopping, type EarlyStoppingState } from "./early-stopping.ts";
import { frameSize, type Parameters } from "./encoder.ts";
import { Random } from "./random.ts";
import { samplePairBatches, type FirstStepPolicy } from "./sampler.ts";

/** Episodes of uint8 frames, each episode's frames back to back. */
export interface EpisodeFrames {
  frameSize: number;
  episodes: Uint8Array[];
}

/** Mean losses of one epoch, by name (`loss` is the one early stopping watches). */
export type EpochLosses = Record<string, number>;

/**
 * Interface between a representation-learning method and the epoch loop.
 * ST-DIM and its ablations implement it, and VAE, CPC or pixel prediction
 * plug in by implementing the same four methods.
 */
export interface RepresentationTrainer {
  readonly method: string;
  /** Runs one epoch of batches; updates the model only when `train`. */
  runEpoch(data: EpisodeFrames, random: Random, train: boolean): Promise<EpochLosses>;
  /** Parameters (encoder `main.*` and any heads) and their shapes. */
  parameters(): Promise<{ params: Parameters; shapes: Map<string, number[]> }>;
  /** Training state to checkpoint (parameters and optimizer). */
  saveState(): Promise<Uint8Array>;
  /** Restores a state written by {@link saveState}; returns its progress. */
  loadState(bytes: Uint8Array): Promise<Record<string, unknown>>;
}

/** ST-DIM (or an ablation) over a {@link StdimBackend}. */
export class StdimTrainer implements RepresentationTrainer {
  readonly method: string;
  private progress: Record<string, unknown> = {};

  constructor(
    readonly backend: StdimBackend,
    readonly batchSize = 64,
    readonly firstStep: FirstStepPolicy = "next-step",
  ) {
    this.method = backend.objective;
  }

  async runEpoch(data: EpisodeFrames, random: Random, train: boolean): Promise<EpochLosses> {
    const size = frameSize(this.backend.spec);
    if (data.frameSize !== size) {
      throw new Error(`episodes have ${data.frameSize}-byte frames, the encoder takes ${size}`);
    }
    const lengths = data.episodes.map((episode) => episode.length / size);
    const totals = { loss: 0, loss1: 0, loss2: 0 };
    let steps = 0;
    for (const batch of samplePairBatches(lengths, this.batchSize, random, this.firstStep)) {
      const framesT = gatherFrames(data, batch.episodes, batch.steps);
      const framesPrev = gatherFrames(data, batch.episodes, batch.previousSteps);
      const losses = await this.backend.stdimStep(framesT, framesPrev, this.batchSize, train);
      totals.loss += losses.loss;
      totals.loss1 += losses.loss1;
      totals.loss2 += losses.loss2;
      steps++;
    }
    return { loss: totals.loss / steps, loss1: totals.loss1 / steps, loss2: totals.loss2 / steps };
  }

  async parameters(): Promise<{ params: Parameters; shapes: Map<string, number[]> }> {
    const params = await this.backend.parameters();
    return { params, shapes: parameterShapes(this.backend.spec, params) };
  }

  /** Sets the progress record stored by the next {@link saveState}. */
  setProgress(progress: Record<string, unknown>): void {
    this.progress = progress;
  }

  async saveState(): Promise<Uint8Array> {
    const { params, shapes } = await this.parameters();
    return encodeTrainingState({ params, shapes, adam: await this.backend.optimizerState(), progress: this.progress });
  }

  async loadState(bytes: Uint8Array): Promise<Record<string, unknown>> {
    const state = decodeTrainingState(bytes);
    await this.backend.load(state.params, state.adam);
    return state.progress;
  }
}

/** Options of {@link fitRepresentation}; defaults are the reference's. */
export interface FitOptions {
  epochs?: number;
  patience?: number;
  seed?: number;
  /** Directory for `training-state.safetensors` and `encoder.safetensors`, written after every epoch. */
  checkpointDir?: string;
  /** Continue from the training state in `checkpointDir` if there is one. */
  resume?: boolean;
  /** Receives one line per epoch. */
  log?: (line: string) => void;
}

/** Per-epoch losses and how training ended. */
export interface FitResult {
  history: { epoch: number; train: EpochLosses; val: EpochLosses }[];
  epochs: number;
  stoppedEarly: boolean;
  bestValLoss: number;
}

interface FitProgress {
  epoch: number;
  stopper: EarlyStoppingState;
  random: number[];
  history: FitResult["history"];
}

/**
 * Trains a representation with the reference's epoch loop: a training
 * epoch, then a validation epoch without updates, and early stopping on the
 * negated validation loss (patience 15 by default). The model keeps its
 * last weights, as in the reference, not the best ones. With
 * `checkpointDir`, the state is saved atomically after every epoch.
 * `resume` restores it with the generator state, so a resumed run equals
 * an uninterrupted one.
 */
export async function fitRepresentation(
  trainer: RepresentationTrainer & { setProgress?(progress: Record<string, unknown>): void },
  train: EpisodeFrames,
  val: EpisodeFrames,
  options: FitOptions = {},
): Promise<FitResult> {
  const epochs = options.epochs ?? 100;
  const random = new Random(options.seed ?? 0);
  let stopper = new EarlyStopping(options.patience ?? 15);
  let history: FitResult["history"] = [];
  let start = 0;
  const statePath = options.checkpointDir ? join(options.checkpointDir, "training-state.safetensors") : null;
  if (options.resume && statePath && existsSync(statePath)) {
    const progress = (await trainer.loadState(new Uint8Array(await readFile(statePath)))) as unknown as FitProgress;
    stopper = EarlyStopping.fromState(progress.stopper);
    random.restore(progress.random);
    history = progress.history;
    start = progress.epoch + 1;
    options.log?.(`resumed ${trainer.method} from ${statePath} after epoch ${progress.epoch}`);
  }
  for (let epoch = start; epoch < epochs && !stopper.stopped; epoch++) {
    const started = performance.now();
    const trainLosses = await trainer.runEpoch(train, random, true);
    const valLosses = await trainer.runEpoch(val, random, false);
    stopper.update(-valLosses.loss);
    history.push({ epoch, train: trainLosses, val: valLosses });
    const seconds = (performance.now() - started) / 1000;
    options.log?.(
      `${trainer.method} epoch ${epoch}: train loss ${trainLosses.loss.toFixed(4)}, ` +
        `val loss ${valLosses.loss.toFixed(4)}, ${seconds.toFixed(1)} s` +
        (stopper.counter > 0 ? `, no improvement for ${stopper.counter}` : ""),
    );
    if (options.checkpointDir) {
      trainer.setProgress?.({ epoch, stopper: stopper.state(), random: random.state(), history } satisfies FitProgress);
      await saveCheckpoints(trainer, options.checkpointDir);
    }
  }
  return {
    history,
    epochs: history.length,
    stoppedEarly: stopper.stopped,
    bestValLoss: stopper.bestScore === null ? NaN : -stopper.bestScore,
  };
}

async function saveCheckpoints(trainer: RepresentationTrainer, dir: string): Promise<void> {
  await writeFileAtomic(join(dir, "training-state.safetensors"), await trainer.saveState());
  const { params, shapes } = await trainer.parameters();
  const encoder = new Map([...params].filter(([name]) => name.startsWith("main.")));
  const tensors = new Map([...encoder].map(([name, data]) => [name, { dtype: "F32" as const, shape: shapes.get(name)!, data }]));
  await saveSafetensors(join(dir, "encoder.safetensors"), tensors, { format: "pt", method: trainer.method });
}

/** Copies the frames at (episode, step) pairs into one batch. */
export function gatherFrames(data: EpisodeFrames, episodes: Int32Array, steps: Int32Array): Uint8Array {
  const size = data.frameSize;
  const out = new Uint8Array(episodes.length * size);
  for (let i = 0; i < episodes.length; i++) {
    const start = steps[i] * size;
    out.set(data.episodes[episodes[i]].subarray(start, start + size), i * size);
  }
  return out;
}

/** Global features of every frame of every episode, in order. */
export async function encodeEpisodes(
  backend: { encode(frames: Uint8Array, batch: number): Promise<Float32Array> },
  data: EpisodeFrames,
  featureSize: number,
  batchSize = 64,
): Promise<Float32Array> {
  const all = concatEpisodes(data);
  const frames = all.length / data.frameSize;
  const out = new Float32Array(frames * featureSize);
  for (let start = 0; start < frames; start += batchSize) {
    const count = Math.min(batchSize, frames - start);
    const chunk = all.subarray(start * data.frameSize, (start + count) * data.frameSize);
    out.set(await backend.encode(chunk, count), start * featureSize);
  }
  return out;
}

function concatEpisodes(data: EpisodeFrames): Uint8Array {
  const out = new Uint8Array(data.episodes.reduce((a, e) => a + e.length, 0));
  let offset = 0;
  for (const episode of data.episodes) {
    out.set(episode, offset);
    offset += episode.length;
  }
  return out;
}

