// The main job's stages on the library: collect labelled episodes with a
// random agent, train the encoder, probe it, and gather everything that
// results.json records.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { getEpisodes, type CollectedEpisodes } from "../atariari/collect.ts";
import type { LabelTable } from "../atariari/labels.ts";
import { loadSafetensors, writeFileAtomic } from "../checkpoint/files.ts";
import { tensorsToParameters } from "../checkpoint/parameters.ts";
import { createAtariVectorEnv } from "../env/atari.ts";
import { Gpu, GpuError, userTuningStore } from "../gpu/index.ts";
import { episodeFrames, probeDataset, runMethod, type ProbeSplits } from "../probe/experiment.ts";
import { GpuProbes } from "../probe/gpu-probes.ts";
import { trainProbes, type ProbeResult } from "../probe/trainer.ts";
import { initEncoderParameters, natureCnnSpec, type EncoderSpec } from "../stdim/encoder.ts";
import { GpuStdimBackend } from "../stdim/gpu-backend.ts";
import { initStdimHeads } from "../stdim/heads.ts";
import { Random } from "../stdim/random.ts";
import type { StdimObjective } from "../stdim/reference.ts";
import { fitRepresentation, StdimTrainer, type FitResult } from "../stdim/trainer.ts";
import type { GameRom } from "./commands/pipeline.ts";
import type { CliIo } from "./context.ts";
import { CliError } from "./errors.ts";
import type { JsonLinesLog } from "./log.ts";
import type { Options } from "./options.ts";
import { ProgressBar } from "./progress.ts";
import type { EpochRecord, MethodResults } from "./results.ts";

/** Checkpoint the encoder-training stage leaves in the output folder. */
export const ENCODER_FILE = "encoder.safetensors";

/** Resumable training state that fitRepresentation saves after every epoch. */
const TRAINING_STATE_FILE = "training-state.safetensors";

/** Encoder training curve that `train` leaves for a later `probe`. */
export const HISTORY_FILE = "encoder-history.json";

/** Outputs of a stage: the terminal streams and the JSON-lines log. */
export interface StageOutput {
  io: CliIo;
  log: JsonLinesLog;
}

/**
 * Collects `steps` frames with `numProcesses` copies and prepares them as
 * the reference's get_episodes does (`mode` probe: 70/10/20 split; encoder:
 * 80/20).
 */
export async function collectEpisodes(
  options: Options,
  rom: GameRom,
  table: LabelTable,
  steps: number,
  mode: "probe" | "encoder",
  out: StageOutput,
): Promise<CollectedEpisodes> {
  const vec = await createAtariVectorEnv({
    game: rom.game,
    rom: rom.bytes,
    downsample: options.downsample,
    color: options.color,
    // getEpisodes copies each step's arrays, so the env may reuse them.
  }, options.numProcesses, { copy: false });
  if (vec.labelNames.join() !== table.names.join()) {
    await vec.close();
    throw new CliError(`the environments of ${rom.game} report labels other than its annotation table's`, 1);
  }
  const progress = new ProgressBar(out.io.stderr, `collect ${mode} frames`, steps, "frames");
  let reported = 0;
  try {
    const collected = await getEpisodes(vec, {
      steps,
      seed: options.seed,
      entropyThreshold: options.entropyThreshold,
      mode,
      onProgress: (done) => {
        progress.tick(done - reported);
        reported = done;
      },
    });
    progress.finish(`${collected.episodesKept} of ${collected.episodesCollected} episodes kept`);
    out.log.write("collected", {
      mode,
      steps,
      episodesCollected: collected.episodesCollected,
      episodesKept: collected.episodesKept,
      droppedLabels: collected.droppedLabels,
      entropies: collected.entropies,
      duplicatesRemoved: collected.duplicatesRemoved,
    });
    return collected;
  } catch (error) {
    throw new CliError(`collecting ${mode} frames failed: ${(error as Error).message}`, 1);
  } finally {
    await vec.close();
  }
}

/**
 * Opens the WebGPU device, with the user's tuning cache when `autotune` is
 * set. No adapter becomes a CliError with the fix.
 */
export async function openGpu(autotune = false): Promise<Gpu> {
  try {
    return await Gpu.create({ tuningStore: autotune ? await userTuningStore() : undefined });
  } catch (error) {
    if (error instanceof GpuError) throw new CliError(error.message, 1);
    throw new CliError(`opening WebGPU failed: ${(error as Error).message}`, 1);
  }
}

/**
 * Runs one method: trains the encoder on `encoderData` for the ST-DIM
 * objectives (saving its checkpoint in `dir`), then trains and tests the
 * probes on `probeData`.
 */
export async function runBenchmarkMethod(
  options: Options,
  gpu: Gpu | null,
  encoderData: CollectedEpisodes | null,
  probeData: ProbeSplits,
  dir: string,
  out: StageOutput,
): Promise<MethodResults> {
  const splits: ProbeSplits = probeData;
  if (options.method === "majority" || options.method === "random-cnn" || options.method === "supervised") {
    const result = await runMethod(options.method, splits, {
      // runMethod reads `gpu` only for methods with an encoder. `supervised`
      // trains one encoder copy and probe per label end to end.
      gpu: gpu as Gpu,
      encoder: encoderOptions(options, probeData.train.frameShape),
      seed: options.seed,
      batchSize: options.batchSize,
      probeEpochs: options.epochs,
      probePatience: options.patience,
      probeLr: options.probeLr,
      log: lineLogger(out, "probe"),
    });
    return methodResults(result, null, null);
  }
  return await runStdim(options, gpu!, options.method, encoderData!, probeData, dir, out);
}

async function runStdim(
  options: Options,
  gpu: Gpu,
  objective: StdimObjective,
  encoderData: CollectedEpisodes,
  probeData: ProbeSplits,
  dir: string,
  out: StageOutput,
): Promise<MethodResults> {
  const { backend, spec, fit } = await trainEncoder(options, gpu, objective, encoderData, dir, out);
  try {
    const result = await probeEncoder(options, gpu, backend, spec, probeData, out);
    return methodResults(result, fit, ENCODER_FILE);
  } finally {
    backend.release();
  }
}

/** A trained encoder on the GPU; the caller releases the backend. */
export interface TrainedEncoder {
  backend: GpuStdimBackend;
  spec: EncoderSpec;
  fit: FitResult;
}

/**
 * Trains a freshly initialised encoder with `objective` on the episodes'
 * train split (validation loss on their validation split), saving the
 * checkpoint and the resumable training state in `dir` after every epoch.
 */
export async function trainEncoder(
  options: Options,
  gpu: Gpu,
  objective: StdimObjective,
  encoderData: Pick<CollectedEpisodes, "train" | "validation">,
  dir: string,
  out: StageOutput,
): Promise<TrainedEncoder> {
  const spec = natureCnnSpec(encoderOptions(options, encoderData.train.frameShape));
  const random = new Random(options.seed);
  const params = new Map([
    ...initEncoderParameters(spec, random),
    ...initStdimHeads(spec, objective, random),
  ]);
  const backend = new GpuStdimBackend(gpu, spec, objective, params, options.lr);
  try {
    if (options.autotune) {
      // Timing needs the shapes, not the pixels, and tuning leaves the
      // parameters and Adam's state as they were.
      const frames = new Uint8Array(options.batchSize * spec.inputChannels * spec.inputHeight * spec.inputWidth);
      const started = performance.now();
      const results = await backend.autotune(frames, frames, options.batchSize);
      const seconds = (performance.now() - started) / 1000;
      out.log.write("autotune", { seconds, choices: Object.fromEntries(results.filter((r) => r.chosen).map((r) => [r.key, r.variant])) });
    }
    const trainer = new StdimTrainer(backend, options.batchSize);
    const statePath = join(dir, TRAINING_STATE_FILE);
    if (options.resume && !existsSync(statePath)) {
      out.log.write("resume", { message: `${statePath} not found; training starts at epoch 0` });
      out.io.stderr.write(`atariari: ${statePath} not found, so --resume starts training at epoch 0\n`);
    }
    const bar = new ProgressBar(out.io.stderr, "train encoder", options.epochs, "epochs");
    const fit = await fitRepresentation(
      trainer,
      episodeFrames(encoderData.train),
      episodeFrames(encoderData.validation),
      {
        epochs: options.epochs,
        patience: options.patience,
        seed: options.seed + 1,
        checkpointDir: dir,
        resume: options.resume,
        log: epochLogger(out, "encoder", bar),
      },
    );
    bar.finish(fit.stoppedEarly ? "stopped early" : "");
    await saveEncoderHistory(dir, encoderEpochs(fit));
    return { backend, spec, fit };
  } catch (error) {
    backend.release();
    throw error;
  }
}

/** Loads an encoder checkpoint (safetensors, PyTorch names) onto the GPU. */
export async function loadEncoder(
  options: Options,
  gpu: Gpu,
  objective: StdimObjective,
  path: string,
  frameShape: number[],
): Promise<{ backend: GpuStdimBackend; spec: EncoderSpec }> {
  if (!existsSync(path)) {
    throw new CliError(`encoder checkpoint ${path} not found; run atariari train first or pass --encoder FILE`, 1);
  }
  const spec = natureCnnSpec(encoderOptions(options, frameShape));
  let params;
  try {
    params = tensorsToParameters(spec, await loadSafetensors(path));
  } catch (error) {
    throw new CliError(`invalid encoder checkpoint ${path}: ${(error as Error).message}`, 1);
  }
  // Probing needs the encoder only; the heads just complete the backend.
  const random = new Random(options.seed);
  for (const [name, value] of initStdimHeads(spec, objective, random)) {
    if (!params.has(name)) params.set(name, value);
  }
  return { backend: new GpuStdimBackend(gpu, spec, objective, params, options.lr), spec };
}

/** Encodes every probe split with the frozen encoder and trains the probes. */
export async function probeEncoder(
  options: Options,
  gpu: Gpu,
  backend: GpuStdimBackend,
  spec: EncoderSpec,
  probeData: ProbeSplits,
  out: StageOutput,
): Promise<ProbeResult> {
  const features = spec.linear.outFeatures;
  const datasets = [];
  for (const set of [probeData.train, probeData.validation, probeData.test]) {
    datasets.push(await probeDataset(backend, set, features, options.batchSize));
  }
  const bar = new ProgressBar(out.io.stderr, "train probes", options.epochs, "epochs");
  const result = await trainProbes(datasets[0], datasets[1], datasets[2], {
    lr: options.probeLr,
    epochs: options.epochs,
    patience: options.patience,
    batchSize: options.batchSize,
    seed: options.seed + 2,
    log: epochLogger(out, "probe", bar),
    createProbes: (labels, size, r) => new GpuProbes(gpu, labels, size, r),
  });
  bar.finish();
  return result;
}

function encoderOptions(options: Options, frameShape: number[]) {
  return {
    inputChannels: frameShape[0],
    featureSize: options.featureSize,
    endWithRelu: options.endWithRelu,
    downsample: options.downsample,
  };
}

/**
 * Converts probe scores and a training history (the trainer's, or epochs
 * read back with loadEncoderHistory) into results.json's form.
 */
export function methodResults(result: ProbeResult, fit: FitResult | EpochRecord[] | null,
  checkpoint: string | null): MethodResults {
  const labels: MethodResults["labels"] = {};
  for (const [name, score] of Object.entries(result.labels)) {
    labels[name] = { f1: score.f1, accuracy: score.accuracy };
  }
  return {
    labels,
    encoderEpochs: Array.isArray(fit) ? fit : encoderEpochs(fit),
    checkpoint,
    referenceF1: result.referenceF1,
    referenceAccuracy: result.referenceAccuracy,
  };
}

function encoderEpochs(fit: FitResult | null): EpochRecord[] {
  return (fit?.history ?? []).map((entry) => ({
    epoch: entry.epoch,
    trainLoss: entry.train.loss,
    valLoss: entry.val.loss,
  }));
}

/** Writes the encoder's training curve to `dir`/encoder-history.json, atomically. */
export async function saveEncoderHistory(dir: string, epochs: EpochRecord[]): Promise<string> {
  const path = join(dir, HISTORY_FILE);
  const text = JSON.stringify({ format: "atariari-encoder-history/1", epochs }, null, 2) + "\n";
  await writeFileAtomic(path, new TextEncoder().encode(text));
  return path;
}

/**
 * Reads the training curve that `train` wrote to `dir`, or returns an empty
 * list when there is none (an encoder checkpoint from elsewhere).
 */
export function loadEncoderHistory(dir: string): EpochRecord[] {
  const path = join(dir, HISTORY_FILE);
  if (!existsSync(path)) return [];
  let data: { format?: unknown; epochs?: unknown };
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliError(`invalid training history ${path}: ${(error as Error).message}; run atariari train again`, 1);
  }
  const valid = data.format === "atariari-encoder-history/1" && Array.isArray(data.epochs) &&
    data.epochs.every((entry: EpochRecord) => Number.isInteger(entry?.epoch) &&
      typeof entry.trainLoss === "number" && typeof entry.valLoss === "number");
  if (!valid) {
    throw new CliError(`invalid training history ${path}: expected format atariari-encoder-history/1 ` +
      "with epoch, trainLoss and valLoss per entry; run atariari train again", 1);
  }
  return data.epochs as EpochRecord[];
}

// Training lines go to the JSON-lines log always, and to stderr when it is
// not a terminal (a terminal shows the progress bar instead).
function epochLogger(out: StageOutput, stage: string, bar: ProgressBar): (line: string) => void {
  return (line) => {
    out.log.write("epoch", { stage, message: line });
    if (/\bepoch\b/.test(line)) bar.tick(1, line.replace(/^.*?: /, ""));
    if (!out.io.stderr.isTTY) out.io.stderr.write(`${line}\n`);
  };
}

function lineLogger(out: StageOutput, stage: string): (line: string) => void {
  return (line) => {
    out.log.write("epoch", { stage, message: line });
    out.io.stderr.write(`${line}\n`);
  };
}
