// `atariari run | collect | train | probe`: the benchmark's stages. `run`
// is the main job (collect, train, probe, report). The other three run one
// stage each and pass data through files in --out: collect writes the
// dataset files, train reads the pretraining episodes and writes the
// encoder checkpoint, probe reads the probe episodes and the checkpoint.

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { datasetSplit, loadDataset, makeDataset, saveDataset, SPLIT_NAMES } from "../../atariari/dataset.ts";
import type { EpisodeSet } from "../../atariari/episodes.ts";
import type { LabelTable } from "../../atariari/labels.ts";
import type { Gpu } from "../../gpu/index.ts";
import type { ProbeSplits } from "../../probe/experiment.ts";
import type { StdimObjective } from "../../stdim/reference.ts";
import type { CollectedEpisodes } from "../../atariari/collect.ts";
import { writeFileAtomic } from "../../checkpoint/files.ts";
import { resolveRom } from "../../roms/resolve.ts";
import { aleGameName, checkEnvironmentId } from "../../roms/games.ts";
import {
  collectEpisodes,
  ENCODER_FILE,
  loadEncoder,
  loadEncoderHistory,
  HISTORY_FILE,
  methodResults,
  openGpu,
  probeEncoder,
  runBenchmarkMethod,
  trainEncoder,
  type StageOutput,
} from "../benchmark.ts";
import { PACKAGE_ROOT, prepareOutputDir, type CommandContext } from "../context.ts";
import { CliError } from "../errors.ts";
import { gameLabelTable } from "../labels.ts";
import { JsonLinesLog } from "../log.ts";
import { needsEncoder, type Options } from "../options.ts";
import type { CaptionedFrame } from "../report/frame-grid.ts";
import { labelCaptions } from "../report/frame-grid.ts";
import { writeFrameGrid, writeReport } from "../report/write.ts";
import type { MethodResults, Results } from "../results.ts";
import { RESULTS_FILE } from "./report.ts";

export const PROBE_DATASET_FILE = "probe-episodes.bin";
export const PRETRAINING_DATASET_FILE = "pretraining-episodes.bin";
const SAMPLE_FRAMES = 16;

/** A game's ROM file, read and identified. */
export interface GameRom {
  game: string;
  path: string;
  md5: string;
  bytes: Uint8Array;
}

/** Finds and checks the ROM of `game`; errors name the fix. */
export function loadGameRom(game: string, rom: string | null, romDir: string | null,
  env: Record<string, string | undefined>): GameRom {
  // An unknown game or environment id is an invalid command line (exit
  // code 2). A missing or wrong ROM file is a failure (exit code 1).
  try {
    checkEnvironmentId(game);
    aleGameName(game);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  try {
    const found = resolveRom({ game, rom: rom ?? undefined, romDir: romDir ?? undefined, env });
    return { game: found.known.name, path: found.path, md5: found.md5, bytes: found.bytes };
  } catch (error) {
    throw new CliError((error as Error).message, 1);
  }
}

export async function pipelineCommand(context: CommandContext, command: string): Promise<number> {
  const { options, io } = context;
  const rom = loadGameRom(options.game, options.rom, options.romDir, io.env);
  const table = gameLabelTable(rom.game);
  if (table === null) {
    throw new CliError(
      `game ${rom.game} has no RAM annotation table, so it has no labels to probe; ` +
        "use windfall or one of the AtariARI games (atariari roms lists them)",
      1,
    );
  }
  const dir = prepareOutputDir(options.out, io.cwd);
  const out: StageOutput = { io, log: new JsonLinesLog(dir) };
  out.log.write("start", { command, game: rom.game, rom: rom.path, md5: rom.md5, options });
  try {
    switch (command) {
      case "collect":
        return await collectCommand(options, rom, table, dir, out);
      case "train":
        return await trainCommand(options, rom, dir, out);
      case "probe":
        return await probeCommand(options, rom, dir, out);
      default:
        return await runCommand(options, rom, table, dir, out);
    }
  } catch (error) {
    out.log.write("error", { message: (error as Error).message });
    throw error;
  }
}

async function collectCommand(options: Options, rom: GameRom, table: LabelTable,
  dir: string, out: StageOutput): Promise<number> {
  const probeData = await collectEpisodes(options, rom, table, options.probeSteps, "probe", out);
  const written = [saveEpisodes(options, rom, probeData, join(dir, PROBE_DATASET_FILE), options.probeSteps)];
  if (needsEncoder(options.method)) {
    const encoderData = await collectEpisodes(options, rom, table, options.pretrainingSteps, "encoder", out);
    const path = join(dir, PRETRAINING_DATASET_FILE);
    written.push(saveEpisodes(options, rom, encoderData, path, options.pretrainingSteps));
  }
  written.push(await writeFrameGrid(dir, sampleFrames(probeData)));
  out.log.write("end", { command: "collect", files: written });
  for (const file of written) out.io.stdout.write(`wrote ${file}\n`);
  return 0;
}

async function trainCommand(options: Options, rom: GameRom, dir: string, out: StageOutput): Promise<number> {
  if (!needsEncoder(options.method)) {
    throw new CliError(`--method ${options.method} trains no encoder; use infonce-stdim or another *-stdim method`);
  }
  const data = readEpisodes(join(dir, PRETRAINING_DATASET_FILE), rom);
  const gpu = await openGpu(options.autotune);
  try {
    const objective = options.method as StdimObjective;
    const { backend, fit } = await trainEncoder(options, gpu, objective, data, dir, out);
    backend.release();
    const path = join(dir, ENCODER_FILE);
    const history = join(dir, HISTORY_FILE);
    out.log.write("end", { command: "train", checkpoint: path, history, epochs: fit.epochs, bestValLoss: fit.bestValLoss });
    out.io.stdout.write(`wrote ${path}\nwrote ${history}\n`);
    return 0;
  } finally {
    gpu.destroy();
  }
}

async function probeCommand(options: Options, rom: GameRom, dir: string, out: StageOutput): Promise<number> {
  const dataset = readEpisodes(join(dir, PROBE_DATASET_FILE), rom);
  const probeData = { ...dataset, episodesKept: dataset.episodeCount, droppedLabels: dataset.droppedLabels };
  const gpu = options.method === "majority" ? null : await openGpu();
  try {
    let method: MethodResults;
    if (needsEncoder(options.method)) {
      const objective = options.method as StdimObjective;
      // --encoder is relative to the working folder, like --out.
      const encoderPath = resolve(out.io.cwd, options.encoder!);
      const { backend, spec } = await loadEncoder(options, gpu!, objective, encoderPath, dataset.train.frameShape);
      try {
        const history = loadEncoderHistory(dir);
        method = methodResults(await probeEncoder(options, gpu!, backend, spec, dataset, out), history, options.encoder);
      } finally {
        backend.release();
      }
    } else {
      method = await runBenchmarkMethod(options, gpu, null, dataset, dir, out);
    }
    return await finishResults(options, rom, probeData, method, {}, gpu, dir, out, "probe");
  } finally {
    gpu?.destroy();
  }
}

/** Split episode sets read back from a dataset file, with its provenance. */
interface StoredEpisodes extends ProbeSplits {
  train: EpisodeSet;
  validation: EpisodeSet;
  test: EpisodeSet;
  episodeCount: number;
  droppedLabels: string[];
}

function readEpisodes(path: string, rom: GameRom): StoredEpisodes {
  if (!existsSync(path)) {
    throw new CliError(`${path} not found; run atariari collect with the same --out first`, 1);
  }
  let dataset;
  try {
    dataset = loadDataset(path);
  } catch (error) {
    throw new CliError(`invalid dataset ${path}: ${(error as Error).message}`, 1);
  }
  if (dataset.metadata.romMd5 !== rom.md5) {
    throw new CliError(
      `dataset ${path} was collected from ROM md5 ${dataset.metadata.romMd5} (${dataset.metadata.game}), ` +
        `not ${rom.md5} (${rom.game}); pass the same --game and --rom as to atariari collect`,
      1,
    );
  }
  const splits = SPLIT_NAMES.map((name) => datasetSplit(dataset, name));
  return {
    train: splits[0],
    validation: splits[1],
    test: splits[2],
    episodeCount: splits.reduce((sum, set) => sum + set.episodes.length, 0),
    droppedLabels: dataset.metadata.droppedLabels ?? [],
  };
}

function saveEpisodes(options: Options, rom: GameRom, data: CollectedEpisodes, path: string, steps: number): string {
  saveDataset(makeDataset(datasetMetadata(options, rom, data, steps), data), path);
  return path;
}

async function runCommand(options: Options, rom: GameRom, table: LabelTable,
  dir: string, out: StageOutput): Promise<number> {
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[stage] = (performance.now() - started) / 1000;
    return result;
  };
  // Opened before collecting, so a machine without an adapter fails at
  // once. The majority baseline reads labels only and runs without WebGPU.
  const gpu = options.method === "majority" ? null : await openGpu(options.autotune);
  try {
    // The reference collects both sets with the same seed, so the probe
    // episodes repeat the start of the pretraining episodes; so does this.
    const probeData = await timed("collect probe frames", () =>
      collectEpisodes(options, rom, table, options.probeSteps, "probe", out));
    const encoderData = needsEncoder(options.method)
      ? await timed("collect pretraining frames", () =>
        collectEpisodes(options, rom, table, options.pretrainingSteps, "encoder", out))
      : null;
    await writeFrameGrid(dir, sampleFrames(probeData));
    const method = await timed(`${options.method}`, () =>
      runBenchmarkMethod(options, gpu, encoderData, probeData, dir, out));
    return await finishResults(options, rom, probeData, method, timings, gpu, dir, out, "run");
  } finally {
    gpu?.destroy();
  }
}

async function finishResults(options: Options, rom: GameRom,
  data: Pick<CollectedEpisodes, "train" | "validation" | "test" | "episodesKept" | "droppedLabels">,
  method: MethodResults, timings: Record<string, number>, gpu: Gpu | null, dir: string,
  out: StageOutput, command: string): Promise<number> {
  const results = buildResults(options, rom, data, { [options.method]: method }, timings, gpu?.adapter ?? null);
  const resultsPath = join(dir, RESULTS_FILE);
  await writeFileAtomic(resultsPath, new TextEncoder().encode(JSON.stringify(results, null, 2) + "\n"));
  const written = [resultsPath, ...(await writeReport(dir, results))];
  out.log.write("end", { command, files: written, timings });
  for (const file of written) out.io.stdout.write(`wrote ${file}\n`);
  return 0;
}

function buildResults(options: Options, rom: GameRom,
  data: Pick<CollectedEpisodes, "train" | "validation" | "test" | "episodesKept" | "droppedLabels">,
  methods: Results["methods"], timings: Record<string, number>, adapter: object | null): Results {
  const count = (set: CollectedEpisodes["train"]) => set.episodes.reduce((sum, e) => sum + e.length, 0);
  return {
    format: "atariari-results/1",
    game: rom.game,
    rom: { path: rom.path, md5: rom.md5, bytes: rom.bytes.length },
    config: { ...options },
    versions: packageVersions(),
    adapter: adapter === null ? null : Object.fromEntries(Object.entries(adapter).map(([k, v]) => [k, String(v)])),
    timings,
    dataset: {
      trainFrames: count(data.train),
      validationFrames: count(data.validation),
      testFrames: count(data.test),
      episodes: data.episodesKept,
      labelsKept: [...data.train.labelNames],
      labelsDropped: [...data.droppedLabels],
    },
    methods,
  };
}

function datasetMetadata(options: Options, rom: GameRom, data: CollectedEpisodes, steps: number) {
  return {
    game: rom.game,
    romMd5: rom.md5,
    seed: options.seed,
    settings: {
      steps,
      numProcesses: options.numProcesses,
      entropyThreshold: options.entropyThreshold,
      downsample: options.downsample,
      color: options.color,
    },
    versions: packageVersions(),
    entropies: data.entropies,
    droppedLabels: data.droppedLabels,
    duplicatesRemoved: data.duplicatesRemoved,
  };
}

function packageVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8"));
  return { "atariari-wasm": pkg.version, node: process.version, ale: "0.12.1 (behaviour)" };
}

/** Picks frames spread over the test split with their labels as captions. */
function sampleFrames(data: Pick<CollectedEpisodes, "train" | "test">): CaptionedFrame[] {
  const set = data.test.episodes.length > 0 ? data.test : data.train;
  const [channels, height, width] = set.frameShape;
  const frameBytes = channels * height * width;
  const all: Array<{ episode: number; step: number }> = [];
  set.episodes.forEach((episode, e) => {
    for (let t = 0; t < episode.length; t++) all.push({ episode: e, step: t });
  });
  const stride = Math.max(1, Math.floor(all.length / SAMPLE_FRAMES));
  const frames: CaptionedFrame[] = [];
  for (let i = 0; i < all.length && frames.length < SAMPLE_FRAMES; i += stride) {
    const { episode, step } = all[i];
    const source = set.episodes[episode];
    const planar = source.frames.subarray(step * frameBytes, (step + 1) * frameBytes);
    const labels: Record<string, number> = {};
    set.labelNames.forEach((name, j) => {
      labels[name] = source.labels[step * set.labelNames.length + j];
    });
    frames.push({
      pixels: channels === 3 ? interleave(planar, height * width) : planar.slice(),
      width,
      height,
      channels: channels === 3 ? 3 : 1,
      captions: labelCaptions(labels, width),
    });
  }
  return frames;
}

// Frames are stored channels-first; PNG rows want RGB triples.
function interleave(planar: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) out[p * 3 + c] = planar[c * pixels + p];
  }
  return out;
}
