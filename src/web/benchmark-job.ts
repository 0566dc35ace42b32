// The benchmark as one call for a web page: collect labelled episodes with
// a random agent, train an ST-DIM encoder on WebGPU, then train and test
// the linear probes. It makes the same library calls with the same seeds
// as `runMethod` in src/probe/experiment.ts, so on one adapter both return
// the same scores. The hooks only observe.

import { ALEInterface } from "../ale/index.ts";
import type { AtariCore } from "../ale/wasm.ts";
import { encodeSafetensors } from "../checkpoint/safetensors.ts";
import { getEpisodes, type CollectedEpisodes } from "../atariari/collect.ts";
import type { LabelTable } from "../atariari/labels.ts";
import type { Results } from "../cli/results.ts";
import { makeAtariEnv } from "../env/make.ts";
import { VectorEnv, type VectorEnvironment } from "../env/vector.ts";
import type { Gpu } from "../gpu/index.ts";
import { episodeFrames, probeDataset } from "../probe/experiment.ts";
import { GpuProbes } from "../probe/gpu-probes.ts";
import type { ProbeModel } from "../probe/probe-model.ts";
import { trainProbes, type ProbeResult } from "../probe/trainer.ts";
import { initEncoderParameters, natureCnnSpec, type Parameters } from "../stdim/encoder.ts";
import { GpuStdimBackend } from "../stdim/gpu-backend.ts";
import { initStdimHeads } from "../stdim/heads.ts";
import { Random } from "../stdim/random.ts";
import type { StdimObjective } from "../stdim/reference.ts";
import { fitRepresentation, StdimTrainer, type EpochLosses, type EpisodeFrames, type FitResult, type RepresentationTrainer } from "../stdim/trainer.ts";
import { RunControl } from "./run-control.ts";

/** Settings of one run; {@link DEMO_SETTINGS} are the demo page's defaults. */
export interface BenchmarkSettings {
  /** ST-DIM objective the encoder trains with. */
  method: StdimObjective;
  /** Environment steps collected with the random agent (frame skip 4). */
  steps: number;
  /** Environment copies; copy i is seeded `seed + i`. */
  numEnvs: number;
  seed: number;
  /** Labels with less entropy (nats) over the kept frames are dropped. */
  entropyThreshold: number;
  /** 84x84 frames (true) or full 210x160 frames. */
  downsample: boolean;
  /** RGB frames (true) or grey. */
  color: boolean;
  featureSize: number;
  batchSize: number;
  /** Adam learning rate of the encoder. */
  lr: number;
  encoderEpochs: number;
  encoderPatience: number;
  probeEpochs: number;
  probePatience: number;
}

/**
 * The demo page's defaults: the reference's values except the data size,
 * copies and epoch counts, cut so that a run on a CPU WebGPU adapter
 * (SwiftShader in Chromium) takes a few minutes at most. Eight copies give
 * Windfall about eight episodes longer than 64 frames, enough for the
 * 70/10/20 episode split.
 */
export const DEMO_SETTINGS: BenchmarkSettings = {
  method: "infonce-stdim",
  steps: 1200,
  numEnvs: 8,
  seed: 42,
  entropyThreshold: 0.6,
  downsample: true,
  color: false,
  featureSize: 256,
  batchSize: 64,
  lr: 3e-4,
  encoderEpochs: 2,
  encoderPatience: 15,
  probeEpochs: 10,
  probePatience: 15,
};

/** A game to run: its ROM and label table. */
export interface BenchmarkGame {
  /** ALE game name, or "windfall" for the built-in cartridge. */
  name: string;
  rom: Uint8Array;
  md5: string;
  /** Origin of the ROM for results.json: a file name or "built-in". */
  source: string;
  labels: LabelTable;
}

/** One encoder epoch, as the loss plot draws it. */
export interface EncoderEpoch {
  epoch: number;
  train: EpochLosses;
  val: EpochLosses;
}

/** Sizes and checksums of the collected splits. */
export interface DatasetSummary {
  trainFrames: number;
  validationFrames: number;
  testFrames: number;
  episodes: number;
  labelsKept: string[];
  labelsDropped: string[];
  /** FNV-1a checksum of each split's frames and labels, as hex. */
  checksums: { train: string; validation: string; test: string };
}

/** Callbacks a page uses to show a run; none of them changes the run. */
export interface BenchmarkHooks {
  onStage?(stage: "collect" | "train" | "probe" | "done", detail: string): void;
  /** After each collection step, with the first copy's emulator. */
  onCollectStep?(ale: ALEInterface, stepsDone: number, stepsTotal: number): void;
  onCollected?(summary: DatasetSummary): void;
  onEncoderEpoch?(epoch: EncoderEpoch): void;
  onProbeEpoch?(line: string): void;
  log?(line: string): void;
}

/** Outputs of a finished run. */
export interface BenchmarkOutcome {
  dataset: DatasetSummary;
  encoderTraining: FitResult;
  probes: ProbeResult;
  /** Encoder weights (`main.*`) as a safetensors file, as the CLI writes encoder.safetensors. */
  checkpoint: Uint8Array;
  /** results.json in the CLI's format. */
  results: Results;
}

/** Maximum stretch of work, in milliseconds, before the run yields to the page. */
const YIELD_AFTER_MS = 30;

/**
 * Runs collection, encoder training and probing for one game on `gpu`.
 * `control` pauses the run between steps and epochs, or stops it with
 * {@link RunStopped}. `state.latestCheckpoint` is set to the encoder after
 * the last finished epoch, so a stopped run can still be saved.
 */
export async function runBenchmark(
  game: BenchmarkGame,
  settings: BenchmarkSettings,
  gpu: Gpu,
  options: { hooks?: BenchmarkHooks; control?: RunControl; core?: AtariCore; state?: { latestCheckpoint?: Uint8Array } } = {},
): Promise<BenchmarkOutcome> {
  const hooks = options.hooks ?? {};
  const control = options.control ?? new RunControl();
  const timings: Record<string, number> = {};
  let started = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = (now - started) / 1000;
    started = now;
  };

  hooks.onStage?.("collect", `collecting ${settings.steps} frames of ${game.name}`);
  const data = await collectForProbes(game, settings, hooks, control, options.core);
  const dataset = summarizeDataset(data);
  hooks.onCollected?.(dataset);
  lap("collect probe frames");

  const [channels] = data.train.frameShape;
  const spec = natureCnnSpec({
    inputChannels: channels,
    featureSize: settings.featureSize,
    downsample: settings.downsample,
  });
  const random = new Random(settings.seed);
  const params = new Map([
    ...initEncoderParameters(spec, random),
    ...initStdimHeads(spec, settings.method, random),
  ]);
  const backend = new GpuStdimBackend(gpu, spec, settings.method, params, settings.lr);
  try {
    hooks.onStage?.("train", `training the encoder (${settings.method}) for up to ${settings.encoderEpochs} epochs`);
    const trainer = new ObservedTrainer(new StdimTrainer(backend, settings.batchSize), control, async (epoch) => {
      const { params: current, shapes } = await trainer.parameters();
      const checkpoint = encoderCheckpoint(current, shapes, settings.method);
      if (options.state) options.state.latestCheckpoint = checkpoint;
      hooks.onEncoderEpoch?.(epoch);
    });
    const encoderTraining = await fitRepresentation(trainer, episodeFrames(data.train), episodeFrames(data.validation), {
      epochs: settings.encoderEpochs,
      patience: settings.encoderPatience,
      seed: settings.seed + 1,
      log: hooks.log,
    });
    lap(settings.method);

    hooks.onStage?.("probe", `training ${data.train.labelNames.length} linear probes`);
    const features = spec.linear.outFeatures;
    // One split at a time: the backend's encode calls must not interleave.
    const train = await probeDataset(backend, data.train, features, settings.batchSize);
    const val = await probeDataset(backend, data.validation, features, settings.batchSize);
    const test = await probeDataset(backend, data.test, features, settings.batchSize);
    const probes = await trainProbes(train, val, test, {
      epochs: settings.probeEpochs,
      patience: settings.probePatience,
      batchSize: settings.batchSize,
      seed: settings.seed + 2,
      log: (line) => {
        hooks.onProbeEpoch?.(line);
        hooks.log?.(line);
      },
      createProbes: (labels, size, r) => new PausableProbes(new GpuProbes(gpu, labels, size, r), control),
    });
    lap("probes");

    const { params: final, shapes } = await trainer.parameters();
    const checkpoint = encoderCheckpoint(final, shapes, settings.method);
    const results = buildResults(game, settings, dataset, encoderTraining, probes, timings, gpu);
    hooks.onStage?.("done", "finished");
    return { dataset, encoderTraining, probes, checkpoint, results };
  } finally {
    backend.release();
  }
}

/** Collects and splits the probe episodes as the AtariARI code's get_episodes does. */
export async function collectForProbes(
  game: BenchmarkGame,
  settings: Pick<BenchmarkSettings, "steps" | "numEnvs" | "seed" | "entropyThreshold" | "downsample" | "color">,
  hooks: BenchmarkHooks = {},
  control: RunControl = new RunControl(),
  core?: AtariCore,
): Promise<CollectedEpisodes> {
  const emulators: ALEInterface[] = [];
  const envs = [];
  for (let i = 0; i < settings.numEnvs; i++) {
    const ale = await ALEInterface.create({ core });
    emulators.push(ale);
    envs.push(makeAtariEnv(ale, game.rom, game.name, {
      downsample: settings.downsample,
      color: settings.color,
      labels: false,
    }));
  }
  const vec = new ObservedVectorEnv(new VectorEnv(envs, game.labels, { frameSkip: 4 }), control, (done) => {
    hooks.onCollectStep?.(emulators[0], done, settings.steps);
  });
  try {
    return await getEpisodes(vec, {
      steps: settings.steps,
      seed: settings.seed,
      entropyThreshold: settings.entropyThreshold,
      mode: "probe",
    });
  } finally {
    await vec.close();
  }
}

/** Sizes of the splits and an FNV-1a checksum of each one's frames and labels. */
export function summarizeDataset(data: CollectedEpisodes): DatasetSummary {
  const frames = (set: CollectedEpisodes["train"]) => set.episodes.reduce((sum, e) => sum + e.length, 0);
  const checksum = (set: CollectedEpisodes["train"]) => {
    let hash = 0x811c9dc5;
    for (const episode of set.episodes) {
      hash = fnv1a(hash, episode.frames);
      hash = fnv1a(hash, episode.labels);
    }
    return hash.toString(16).padStart(8, "0");
  };
  return {
    trainFrames: frames(data.train),
    validationFrames: frames(data.validation),
    testFrames: frames(data.test),
    episodes: data.episodesKept,
    labelsKept: [...data.train.labelNames],
    labelsDropped: [...data.droppedLabels],
    checksums: { train: checksum(data.train), validation: checksum(data.validation), test: checksum(data.test) },
  };
}

function fnv1a(hash: number, bytes: Uint8Array): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Encoder weights (`main.*`) as safetensors, in the layout the CLI's encoder.safetensors has. */
export function encoderCheckpoint(params: Parameters, shapes: Map<string, number[]>, method: string): Uint8Array {
  const tensors = new Map();
  for (const [name, data] of params) {
    if (!name.startsWith("main.")) continue;
    tensors.set(name, { dtype: "F32" as const, shape: shapes.get(name)!, data });
  }
  return encodeSafetensors(tensors, { format: "pt", method });
}

function buildResults(
  game: BenchmarkGame,
  settings: BenchmarkSettings,
  dataset: DatasetSummary,
  fit: FitResult,
  probes: ProbeResult,
  timings: Record<string, number>,
  gpu: Gpu,
): Results {
  const labels: Results["methods"][string]["labels"] = {};
  for (const [name, score] of Object.entries(probes.labels)) {
    labels[name] = { f1: score.f1, accuracy: score.accuracy };
  }
  const { checksums, ...sizes } = dataset;
  return {
    format: "atariari-results/1",
    game: game.name,
    rom: { path: game.source, md5: game.md5, bytes: game.rom.length },
    config: { ...settings, datasetChecksums: checksums },
    versions: { ale: "0.12.1 (behaviour)", host: typeof navigator === "undefined" ? "node" : navigator.userAgent },
    adapter: Object.fromEntries(Object.entries(gpu.adapter).map(([k, v]) => [k, String(v)])),
    timings,
    dataset: sizes,
    methods: {
      [settings.method]: {
        labels,
        encoderEpochs: fit.history.map((entry) => ({
          epoch: entry.epoch,
          trainLoss: entry.train.loss,
          valLoss: entry.val.loss,
        })),
        checkpoint: "encoder.safetensors",
      },
    },
  };
}

// Yields to the page's event loop at most every YIELD_AFTER_MS, so the
// canvas and buttons stay live while WebAssembly and WebGPU work runs.
let lastYield = 0;
async function yieldToPage(): Promise<void> {
  if (performance.now() - lastYield < YIELD_AFTER_MS) return;
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  lastYield = performance.now();
}

/** A vector environment that honours pause and stop and reports each step. */
class ObservedVectorEnv implements VectorEnvironment {
  private stepsDone = 0;

  constructor(
    private readonly inner: VectorEnvironment,
    private readonly control: RunControl,
    private readonly onStep: (stepsDone: number) => void,
  ) {}

  get numEnvs() {
    return this.inner.numEnvs;
  }

  get actionCount() {
    return this.inner.actionCount;
  }

  get observationShape() {
    return this.inner.observationShape;
  }

  get labelNames() {
    return this.inner.labelNames;
  }

  reset(seed: number) {
    return this.inner.reset(seed);
  }

  async step(actions: ArrayLike<number>) {
    await this.control.checkpoint();
    const result = await this.inner.step(actions);
    this.stepsDone += this.inner.numEnvs;
    this.onStep(this.stepsDone);
    await yieldToPage();
    return result;
  }

  close() {
    return this.inner.close();
  }
}

/** A trainer that honours pause and stop between epochs and reports each one. */
class ObservedTrainer implements RepresentationTrainer {
  readonly method: string;
  private lastTrain: EpochLosses | null = null;
  private epoch = 0;

  constructor(
    private readonly inner: StdimTrainer,
    private readonly control: RunControl,
    private readonly onEpoch: (epoch: EncoderEpoch) => Promise<void>,
  ) {
    this.method = inner.method;
  }

  // fitRepresentation runs a training epoch, then a validation epoch.
  async runEpoch(data: EpisodeFrames, random: Random, train: boolean): Promise<EpochLosses> {
    await this.control.checkpoint();
    await yieldToPage();
    const losses = await this.inner.runEpoch(data, random, train);
    if (train) {
      this.lastTrain = losses;
    } else {
      await this.onEpoch({ epoch: this.epoch++, train: this.lastTrain ?? {}, val: losses });
    }
    return losses;
  }

  parameters() {
    return this.inner.parameters();
  }

  saveState() {
    return this.inner.saveState();
  }

  loadState(bytes: Uint8Array) {
    return this.inner.loadState(bytes);
  }
}

/** Probes that honour pause and stop before every batch. */
class PausableProbes implements ProbeModel {
  constructor(
    private readonly inner: ProbeModel,
    private readonly control: RunControl,
  ) {}

  get labels() {
    return this.inner.labels;
  }

  get features() {
    return this.inner.features;
  }

  async step(x: Float32Array, targets: Uint8Array, batch: number, active: ArrayLike<boolean>, lrs: ArrayLike<number> | null) {
    await this.control.checkpoint();
    await yieldToPage();
    return this.inner.step(x, targets, batch, active, lrs);
  }

  predict(x: Float32Array, batch: number) {
    return this.inner.predict(x, batch);
  }
}
