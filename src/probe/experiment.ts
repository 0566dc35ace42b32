// Runs the benchmark's methods on collected episodes: trains an encoder
// (or not), caches its features for every split, trains the probes and
// scores them, as the reference's run_probe does for one method.
import type { Gpu } from "../gpu/index.ts";
import type { StdimBackend } from "../stdim/backend.ts";
import { initEncoderParameters, natureCnnSpec, type EncoderSpec, type NatureCnnOptions } from "../stdim/encoder.ts";
import { GpuStdimBackend } from "../stdim/gpu-backend.ts";
import { initStdimHeads } from "../stdim/heads.ts";
import { Random } from "../stdim/random.ts";
import type { StdimObjective } from "../stdim/reference.ts";
import type { FirstStepPolicy } from "../stdim/sampler.ts";
import { encodeEpisodes, fitRepresentation, StdimTrainer, type EpisodeFrames, type FitResult } from "../stdim/trainer.ts";
import type { ProbeDataset } from "./dataset.ts";
import { GpuProbes } from "./gpu-probes.ts";
import { SupervisedProbes } from "./supervised.ts";
import { majorityBaseline, trainProbes, type ProbeResult } from "./trainer.ts";

/** Episodes with frames and labels, as the environment layer collects them. */
export interface LabeledEpisodeSet {
  frameShape: number[];
  labelNames: string[];
  episodes: { length: number; frames: Uint8Array; labels: Uint8Array }[];
}

/** The three probe splits. */
export interface ProbeSplits {
  train: LabeledEpisodeSet;
  validation: LabeledEpisodeSet;
  test: LabeledEpisodeSet;
}

/** Methods that {@link runMethod} runs. */
export type MethodName = "majority" | "random-cnn" | "supervised" | StdimObjective;

/** Options of {@link runMethod}. */
export interface RunOptions {
  gpu: Gpu;
  encoder?: NatureCnnOptions;
  seed?: number;
  batchSize?: number;
  encoderEpochs?: number;
  encoderPatience?: number;
  probeEpochs?: number;
  probePatience?: number;
  /** Learning rate of the encoder's Adam (default 3e-4). */
  lr?: number;
  /** Initial learning rate of the probes' Adam (default 3e-4, the reference's). */
  probeLr?: number;
  firstStep?: FirstStepPolicy;
  log?: (line: string) => void;
}

/** Probe scores of one method, with the encoder's training history if it had one. */
export interface MethodResult extends ProbeResult {
  method: MethodName;
  encoderTraining?: FitResult;
  seconds: number;
}

/** Frames of a labelled set in the trainer's format. */
export function episodeFrames(set: LabeledEpisodeSet): EpisodeFrames {
  return { frameSize: set.frameShape.reduce((a, b) => a * b, 1), episodes: set.episodes.map((e) => e.frames) };
}

/** Encodes every frame of a split with a frozen encoder into a probe dataset. */
export async function probeDataset(backend: Pick<StdimBackend, "encode">, set: LabeledEpisodeSet, featureSize: number, batchSize: number): Promise<ProbeDataset> {
  const features = await encodeEpisodes(backend, episodeFrames(set), featureSize, batchSize);
  const labels = new Uint8Array(set.episodes.reduce((a, e) => a + e.labels.length, 0));
  let offset = 0;
  for (const episode of set.episodes) {
    labels.set(episode.labels, offset);
    offset += episode.labels.length;
  }
  return { labelNames: set.labelNames, features, featureSize, labels, episodeLengths: set.episodes.map((e) => e.length) };
}

/**
 * Runs one method on the splits. `majority` predicts each label's most
 * frequent training value, and `random-cnn` probes the seeded untrained
 * encoder. `supervised` trains an encoder copy and a probe per label. The ST-DIM objectives first train the encoder on the train
 * split's frames, with the validation split for early stopping, then probe it.
 */
export async function runMethod(method: MethodName, splits: ProbeSplits, options: RunOptions): Promise<MethodResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  if (method === "majority") {
    const train = labelsOnly(splits.train);
    const test = labelsOnly(splits.test);
    return { method, ...majorityBaseline(train, test), seconds: seconds() };
  }
  const spec = specFor(splits.train, options.encoder);
  const random = new Random(options.seed ?? 0);
  if (method === "supervised") return { method, ...(await runSupervised(spec, splits, random, options)), seconds: seconds() };
  const objective: StdimObjective = method === "random-cnn" ? "infonce-stdim" : method;
  const params = new Map([...initEncoderParameters(spec, random), ...initStdimHeads(spec, objective, random)]);
  const backend = new GpuStdimBackend(options.gpu, spec, objective, params, options.lr ?? 3e-4);
  const batchSize = options.batchSize ?? 64;
  try {
    let encoderTraining: FitResult | undefined;
    if (method !== "random-cnn") {
      const trainer = new StdimTrainer(backend, batchSize, options.firstStep);
      encoderTraining = await fitRepresentation(trainer, episodeFrames(splits.train), episodeFrames(splits.validation), {
        epochs: options.encoderEpochs ?? 100,
        patience: options.encoderPatience ?? 15,
        seed: (options.seed ?? 0) + 1,
        log: options.log,
      });
    }
    const features = spec.linear.outFeatures;
    // One split at a time: the backend's encode calls must not interleave.
    const train = await probeDataset(backend, splits.train, features, batchSize);
    const val = await probeDataset(backend, splits.validation, features, batchSize);
    const test = await probeDataset(backend, splits.test, features, batchSize);
    const result = await trainProbes(train, val, test, {
      epochs: options.probeEpochs ?? 100,
      patience: options.probePatience ?? 15,
      batchSize,
      seed: (options.seed ?? 0) + 2,
      lr: options.probeLr,
      log: options.log,
      createProbes: (labels, size, r) => new GpuProbes(options.gpu, labels, size, r),
    });
    return { method, ...result, encoderTraining, seconds: seconds() };
  } finally {
    backend.release();
  }
}

// Each label trains its own copy of one seeded encoder, end to end.
async function runSupervised(spec: EncoderSpec, splits: ProbeSplits, random: Random, options: RunOptions): Promise<ProbeResult> {
  const encoder = initEncoderParameters(spec, random);
  const batchSize = options.batchSize ?? 64;
  const [train, val, test] = [splits.train, splits.validation, splits.test].map(framesDataset);
  let probes: SupervisedProbes | null = null;
  try {
    return await trainProbes(train, val, test, {
      epochs: options.probeEpochs ?? 100,
      patience: options.probePatience ?? 15,
      batchSize,
      seed: (options.seed ?? 0) + 2,
      lr: options.probeLr,
      log: options.log,
      createProbes: (labels, _size, r) => (probes = new SupervisedProbes(options.gpu, spec, encoder, labels, r)),
    });
  } finally {
    (probes as SupervisedProbes | null)?.release();
  }
}

/** Builds a probe dataset of raw frames (no features) for the supervised baseline. */
export function framesDataset(set: LabeledEpisodeSet): ProbeDataset {
  const { labels } = labelsOnly(set);
  const frameSize = set.frameShape.reduce((a, b) => a * b, 1);
  const frames = new Uint8Array(set.episodes.reduce((a, e) => a + e.frames.length, 0));
  let offset = 0;
  for (const episode of set.episodes) {
    frames.set(episode.frames, offset);
    offset += episode.frames.length;
  }
  return {
    labelNames: set.labelNames,
    features: new Float32Array(0),
    featureSize: 0,
    labels,
    episodeLengths: set.episodes.map((e) => e.length),
    frames,
    frameSize,
  };
}

function specFor(set: LabeledEpisodeSet, options: NatureCnnOptions = {}): EncoderSpec {
  const [channels, height, width] = set.frameShape;
  const downsample = height === 84 && width === 84;
  if (!downsample && !(height === 210 && width === 160)) {
    throw new Error(`frames are ${set.frameShape.join("x")}; NatureCNN takes Cx210x160 or Cx84x84`);
  }
  return natureCnnSpec({ ...options, inputChannels: channels, downsample });
}

function labelsOnly(set: LabeledEpisodeSet): { labelNames: string[]; labels: Uint8Array } {
  const labels = new Uint8Array(set.episodes.reduce((a, e) => a + e.labels.length, 0));
  let offset = 0;
  for (const episode of set.episodes) {
    labels.set(episode.labels, offset);
    offset += episode.labels.length;
  }
  return { labelNames: set.labelNames, labels };
}
