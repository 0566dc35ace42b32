// `atariari run | collect | train | probe`: the benchmark's stages.
// `run` is the main job (collect, train, probe, report); `collect` saves
// the probe episodes as a dataset file.

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { makeDataset, saveDataset } from "../../atariari/dataset.ts";
import type { CollectedEpisodes } from "../../atariari/collect.ts";
import { writeFileAtomic } from "../../checkpoint/files.ts";
import { md5Hex } from "../../roms/md5.ts";
import { resolveRom } from "../../roms/resolve.ts";
import { collectEpisodes, openGpu, runBenchmarkMethod, type StageOutput } from "../benchmark.ts";
import { BUILTIN_GAME, BUILTIN_ROM, prepareOutputDir, type CommandContext } from "../context.ts";
import { CliError, NotAvailableError } from "../errors.ts";
import { gameLabelTable } from "../labels.ts";
import { JsonLinesLog } from "../log.ts";
import { needsEncoder, type Options } from "../options.ts";
import type { CaptionedFrame } from "../report/frame-grid.ts";
import { labelCaptions } from "../report/frame-grid.ts";
import { writeFrameGrid, writeReport } from "../report/write.ts";
import type { Results } from "../results.ts";
import { RESULTS_FILE } from "./report.ts";

export const DATASET_FILE = "probe-episodes.bin";
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
  if (game.toLowerCase() === BUILTIN_GAME && rom === null) {
    const bytes = new Uint8Array(readFileSync(BUILTIN_ROM));
    return { game: BUILTIN_GAME, path: BUILTIN_ROM, md5: md5Hex(bytes), bytes };
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
    if (command === "collect") return await collectCommand(options, rom, table, dir, out);
    if (command === "run") return await runCommand(options, rom, table, dir, out);
    // TODO: standalone train and probe need the dataset file read back into
    // splits and a checkpoint loaded into the backend; `run` does both stages.
    throw new NotAvailableError(
      `atariari ${command}`,
      "standalone training and probing are not wired to saved datasets yet; use atariari run",
    );
  } catch (error) {
    out.log.write("error", { message: (error as Error).message });
    throw error;
  }
}

async function collectCommand(options: Options, rom: GameRom, table: NonNullable<ReturnType<typeof gameLabelTable>>,
  dir: string, out: StageOutput): Promise<number> {
  const data = await collectEpisodes(options, rom, table, options.probeSteps, "probe", out);
  const path = join(dir, DATASET_FILE);
  const dataset = makeDataset(datasetMetadata(options, rom, data), data);
  const temporary = `${path}.${process.pid}.tmp`;
  saveDataset(dataset, temporary);
  await renameInto(temporary, path);
  await writeFrameGrid(dir, sampleFrames(data));
  out.log.write("end", { command: "collect", dataset: path });
  out.io.stdout.write(`wrote ${path}\n`);
  return 0;
}

async function runCommand(options: Options, rom: GameRom, table: NonNullable<ReturnType<typeof gameLabelTable>>,
  dir: string, out: StageOutput): Promise<number> {
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[stage] = (performance.now() - started) / 1000;
    return result;
  };
  // The reference collects both sets with the same seed, so the probe
  // episodes repeat the start of the pretraining episodes; so does this.
  const probeData = await timed("collect probe frames", () =>
    collectEpisodes(options, rom, table, options.probeSteps, "probe", out));
  const encoderData = needsEncoder(options.method)
    ? await timed("collect pretraining frames", () =>
      collectEpisodes(options, rom, table, options.pretrainingSteps, "encoder", out))
    : null;
  await writeFrameGrid(dir, sampleFrames(probeData));
  // The majority baseline reads labels only, so it runs without WebGPU.
  const gpu = options.method === "majority" ? null : await openGpu();
  try {
    const method = await timed(`${options.method}`, () =>
      runBenchmarkMethod(options, gpu, encoderData, probeData, dir, out));
    const results = buildResults(options, rom, probeData, { [options.method]: method }, timings, gpu?.adapter ?? null);
    await writeFileAtomic(join(dir, RESULTS_FILE), new TextEncoder().encode(JSON.stringify(results, null, 2) + "\n"));
    const written = await writeReport(dir, results);
    out.log.write("end", { command: "run", files: written, timings });
    for (const file of [join(dir, RESULTS_FILE), ...written]) out.io.stdout.write(`wrote ${file}\n`);
    return 0;
  } finally {
    gpu?.destroy();
  }
}

function buildResults(options: Options, rom: GameRom, data: CollectedEpisodes,
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

function datasetMetadata(options: Options, rom: GameRom, data: CollectedEpisodes) {
  return {
    game: rom.game,
    romMd5: rom.md5,
    seed: options.seed,
    settings: {
      steps: options.probeSteps,
      numProcesses: options.numProcesses,
      entropyThreshold: options.entropyThreshold,
      downsample: !options.noDownsample,
      color: options.color,
    },
    versions: packageVersions(),
    entropies: data.entropies,
    droppedLabels: data.droppedLabels,
    duplicatesRemoved: data.duplicatesRemoved,
  };
}

function packageVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
  return { "atariari-wasm": pkg.version, node: process.version, ale: "0.12.1 (behaviour)" };
}

/** Picks frames spread over the test split with their labels as captions. */
function sampleFrames(data: CollectedEpisodes): CaptionedFrame[] {
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

async function renameInto(temporary: string, path: string): Promise<void> {
  const { rename, rm } = await import("node:fs/promises");
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
