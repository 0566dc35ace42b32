// Preprocessed observations per second of the AtariARI environments, next
// to the raw emulator's frames per second.
//
//   npm run bench:env
//   npm run bench:env -- --seconds 5 --games pong --copies 1,8 --threads 1
//   npm run bench:env -- --copy false
//
// ROMs come from --rom-dir, ALE_ROMS_DIR or ale-py, then ../shared/roms.
// Each configuration runs for about --seconds of environment steps, in
// slices that alternate with bare act() calls on one emulator ("raw"), so
// both rates see the same machine load. "obs/s" counts preprocessed
// observations (4 emulated frames each, resets not counted). "overhead" is
// 1 - (4 x obs/s per thread) / raw: the share of time spent outside
// emulation (wrappers, labels, resets, vector env, thread messages). The
// columns after "|" divide by the CPU time of the process (all threads)
// instead of wall-clock time, which on a shared machine is the steadier
// measure. Their overhead compares 4 x obs per CPU-second with raw frames
// per CPU-second. The last column is the range of that overhead over the
// individual pairs of slices, a measure of the run's spread. With
// `--copy false`, vector steps return reused arrays (Gymnasium's
// `copy=False`) instead of new ones.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ALEInterface } from "../src/ale/index.ts";
import { openAtariVectorEnv } from "../src/env/node.ts";
import { resolveRom } from "../src/roms/resolve.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    games: { type: "string", default: "pong,ms_pacman" },
    copies: { type: "string", default: "1,8,64" },
    threads: { type: "string", default: "1,2" },
    copy: { type: "string", default: "true" },
    "rom-dir": { type: "string" },
  },
});

const seconds = Number(values.seconds);
if (values.copy !== "true" && values.copy !== "false") {
  throw new Error(`invalid --copy ${values.copy}: expected true or false`);
}
const copy = values.copy === "true";
const sharedRoms = join(import.meta.dirname, "..", "..", "shared", "roms");
const romDir = values["rom-dir"] ?? (existsSync(sharedRoms) ? sharedRoms : undefined);

/** Creates a bare emulator that steps the game's minimal actions in a loop. */
async function rawEmulator(rom: Uint8Array) {
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", 0);
  ale.loadROM(rom);
  const actions = ale.getMinimalActionSet();
  let frame = 0;
  return {
    /** Emulates frames for `limit` ms; returns the frame count. */
    run(limit: number): number {
      const start = performance.now();
      let frames = 0;
      while (performance.now() - start < limit) {
        for (let i = 0; i < 50; i++) {
          ale.act(actions[frame++ % actions.length]);
          if (ale.gameOver()) ale.resetGame();
        }
        frames += 50;
      }
      return frames;
    },
    dispose: () => ale.dispose(),
  };
}

interface Rates {
  /** Preprocessed observations per wall-clock second. */
  observations: number;
  /** Bare act() frames per wall-clock second on one thread, measured in the same time slices. */
  raw: number;
  /** The same two per second of CPU time used by this process (all threads). */
  observationsPerCpu: number;
  rawPerCpu: number;
  /** Lowest and highest CPU-time overhead of a single pair of slices. */
  cpuOverheadRange: [number, number];
}

/** CPU seconds this process (all its threads) has used. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * Measures `copies` copies over `threads` threads. Environment steps and bare
 * emulation alternate in slices of 250 ms, so a changing machine load
 * affects both rates alike.
 */
async function measure(game: string, rom: Uint8Array, copies: number, threads: number): Promise<Rates> {
  const { vec } = await openAtariVectorEnv({ game, romDir, numEnvs: copies, threads, copy });
  const raw = await rawEmulator(rom);
  try {
    await vec.reset(1);
    const actions = new Int32Array(copies);
    let steps = 0;
    let envTime = 0;
    let envCpu = 0;
    let rawFrames = 0;
    let rawTime = 0;
    let rawCpu = 0;
    const sliceOverheads: number[] = [];
    const slices = Math.max(2, Math.round((seconds * 1000) / 500));
    for (let slice = -1; slice < slices; slice++) {
      const start = performance.now();
      const startCpu = cpuSeconds();
      let sliceSteps = 0;
      while (performance.now() - start < 250) {
        for (let i = 0; i < copies; i++) actions[i] = 1 + ((steps + sliceSteps + i) % (vec.actionCount - 1));
        await vec.step(actions);
        sliceSteps++;
      }
      const sliceTime = performance.now() - start;
      const sliceCpu = cpuSeconds() - startCpu;
      const rawStart = performance.now();
      const rawStartCpu = cpuSeconds();
      const frames = raw.run(250);
      const rawSliceTime = performance.now() - rawStart;
      const rawSliceCpu = cpuSeconds() - rawStartCpu;
      // The first slice warms both up and is not counted.
      if (slice < 0) continue;
      steps += sliceSteps;
      envTime += sliceTime;
      envCpu += sliceCpu;
      rawFrames += frames;
      rawTime += rawSliceTime;
      rawCpu += rawSliceCpu;
      sliceOverheads.push(1 - (4 * sliceSteps * copies) / sliceCpu / (frames / rawSliceCpu));
    }
    return {
      observations: (steps * copies) / (envTime / 1000),
      raw: rawFrames / (rawTime / 1000),
      observationsPerCpu: (steps * copies) / envCpu,
      rawPerCpu: rawFrames / rawCpu,
      cpuOverheadRange: [Math.min(...sliceOverheads), Math.max(...sliceOverheads)],
    };
  } finally {
    raw.dispose();
    await vec.close();
  }
}

async function main(): Promise<void> {
  const games = values.games!.split(",");
  const copyCounts = values.copies!.split(",").map(Number);
  const threadCounts = values.threads!.split(",").map(Number);
  console.log(
    "game        copies threads   obs/s  raw frames/s  overhead | obs/CPU-s  raw frames/CPU-s  overhead  slice range",
  );
  for (const game of games) {
    const rom = resolveRom({ game, romDir });
    for (const copies of copyCounts) {
      for (const threads of threadCounts) {
        if (threads > copies) continue;
        const rates = await measure(game, rom.bytes, copies, threads);
        const overhead = 1 - (4 * rates.observations) / threads / rates.raw;
        const cpuOverhead = 1 - (4 * rates.observationsPerCpu) / rates.rawPerCpu;
        console.log(
          `${game.padEnd(12)}${String(copies).padStart(6)}${String(threads).padStart(8)}` +
            `${rates.observations.toFixed(0).padStart(8)}${rates.raw.toFixed(0).padStart(14)}` +
            `${(100 * overhead).toFixed(1).padStart(9)}% |` +
            `${rates.observationsPerCpu.toFixed(0).padStart(10)}${rates.rawPerCpu.toFixed(0).padStart(18)}` +
            `${(100 * cpuOverhead).toFixed(1).padStart(9)}%` +
            `  ${(100 * rates.cpuOverheadRange[0]).toFixed(1)} to ${(100 * rates.cpuOverheadRange[1]).toFixed(1)}%`,
        );
      }
    }
  }
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
