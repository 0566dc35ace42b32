// Preprocessed observations per second of the AtariARI environments, next
// to the raw emulator's frames per second.
//
//   npm run bench:env
//   npm run bench:env -- --seconds 5 --games pong --copies 1,8 --threads 1
//
// ROMs come from --rom-dir, ALE_ROMS_DIR or ale-py, then ../shared/roms.
// Each configuration runs for about --seconds of environment steps, in
// slices that alternate with bare act() calls on one emulator ("raw"), so
// both rates see the same machine load. "obs/s" counts preprocessed
// observations (4 emulated frames each, resets not counted). "overhead" is
// 1 - (4 x obs/s per thread) / raw: the share of time spent outside
// emulation (wrappers, labels, resets, vector env, thread messages).
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
    "rom-dir": { type: "string" },
  },
});

const seconds = Number(values.seconds);
const sharedRoms = join(import.meta.dirname, "..", "..", "shared", "roms");
const romDir = values["rom-dir"] ?? (existsSync(sharedRoms) ? sharedRoms : undefined);

/** A bare emulator stepping the game's minimal actions in a loop. */
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
  /** Preprocessed observations per second. */
  observations: number;
  /** Bare act() frames per second on one thread, measured in the same time slices. */
  raw: number;
}

/**
 * Measures `copies` copies over `threads` threads. Environment steps and bare
 * emulation alternate in slices of 250 ms, so a changing machine load
 * affects both rates alike.
 */
async function measure(game: string, rom: Uint8Array, copies: number, threads: number): Promise<Rates> {
  const { vec } = await openAtariVectorEnv({ game, romDir, numEnvs: copies, threads });
  const raw = await rawEmulator(rom);
  try {
    await vec.reset(1);
    const actions = new Int32Array(copies);
    let steps = 0;
    let envTime = 0;
    let rawFrames = 0;
    let rawTime = 0;
    const slices = Math.max(2, Math.round((seconds * 1000) / 500));
    for (let slice = -1; slice < slices; slice++) {
      const start = performance.now();
      let sliceSteps = 0;
      while (performance.now() - start < 250) {
        for (let i = 0; i < copies; i++) actions[i] = 1 + ((steps + sliceSteps + i) % (vec.actionCount - 1));
        await vec.step(actions);
        sliceSteps++;
      }
      const sliceTime = performance.now() - start;
      const frames = raw.run(250);
      // The first slice warms both up and is not counted.
      if (slice < 0) continue;
      steps += sliceSteps;
      envTime += sliceTime;
      rawFrames += frames;
      rawTime += 250;
    }
    return { observations: (steps * copies) / (envTime / 1000), raw: rawFrames / (rawTime / 1000) };
  } finally {
    raw.dispose();
    await vec.close();
  }
}

async function main(): Promise<void> {
  const games = values.games!.split(",");
  const copyCounts = values.copies!.split(",").map(Number);
  const threadCounts = values.threads!.split(",").map(Number);
  console.log("game        copies threads   obs/s  frames/s  raw frames/s  overhead");
  for (const game of games) {
    const rom = resolveRom({ game, romDir });
    for (const copies of copyCounts) {
      for (const threads of threadCounts) {
        if (threads > copies) continue;
        const { observations: rate, raw } = await measure(game, rom.bytes, copies, threads);
        const overhead = 1 - (4 * rate) / threads / raw;
        console.log(
          `${game.padEnd(12)}${String(copies).padStart(6)}${String(threads).padStart(8)}` +
            `${rate.toFixed(0).padStart(8)}${(4 * rate).toFixed(0).padStart(10)}` +
            `${raw.toFixed(0).padStart(14)}${(100 * overhead).toFixed(1).padStart(9)}%`,
        );
      }
    }
  }
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
