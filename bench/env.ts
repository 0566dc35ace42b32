// Preprocessed observations per second of the AtariARI environments, next
// to the raw emulator's frames per second.
//
//   npm run bench:env
//   npm run bench:env -- --seconds 5 --games pong --copies 1,8 --threads 1
//   npm run bench:env -- --copy false
//
// ROMs come from --rom-dir, ALE_ROMS_DIR or ale-py, then ../shared/roms.
//
// Each configuration opens two vector envs with the same settings: one
// whose steps return reused arrays (Gymnasium's `copy=False`) and one whose
// steps return new arrays (the default, `copy=True`). Slices of 250 ms
// rotate through bare act() calls on one emulator ("raw"), steps of the
// reused-array env and steps of the new-array env, so all three see the
// same machine load. The new-array slice ends with a minor garbage
// collection, so its garbage is collected in its own slice instead of in
// the raw slice that follows. `--copy false` measures only the reused
// arrays and `--copy true` only the new ones.
//
// Each env first steps for WARMUP_MS uncounted, because a new worker thread
// starts with no optimized code. With 8 copies over 2 threads, the first
// 250 ms of steps used 9 to 24% more CPU time per observation than the
// median of the next 5 s (pong and ms_pacman, five runs).
//
// Columns, all from the slices after a first round that warms up:
// - obs/s: preprocessed observations (4 emulated frames each, resets not
//   counted) per wall-clock second, reused arrays.
// - obs/CPU-s: the same per second of CPU time of the process (all
//   threads), the steadier measure on a shared machine.
// - raw frames/CPU-s: bare act() frames per CPU second.
// - overhead: 1 - 4 x (obs/CPU-s) / (raw frames/CPU-s) with reused
//   arrays: the share of CPU time outside emulation (wrappers, labels,
//   resets, vector env, thread messages). Every frame that resets emulate
//   counts as overhead.
// - slice range: the lowest and highest overhead of single pairs of
//   slices (reused env, raw), a measure of the run's spread.
// - overhead (new arrays): the same overhead with new arrays every step.
// - us/obs for new arrays: CPU microseconds per observation that new
//   arrays add over reused ones.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ALEInterface } from "../src/ale/index.ts";
import { openAtariVectorEnv } from "../src/env/node.ts";
import type { VectorEnvironment } from "../src/env/vector.ts";
import { resolveRom } from "../src/roms/resolve.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    games: { type: "string", default: "pong,ms_pacman" },
    copies: { type: "string", default: "1,8,64" },
    threads: { type: "string", default: "1,2" },
    copy: { type: "string" },
    "rom-dir": { type: "string" },
  },
});

const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error(`invalid --seconds ${values.seconds}: expected a positive number`);
if (values.copy !== undefined && values.copy !== "true" && values.copy !== "false") {
  throw new Error(`invalid --copy ${values.copy}: expected true (new arrays only) or false (reused arrays only)`);
}
const measureReused = values.copy !== "true";
const measureNew = values.copy !== "false";
const sharedRoms = join(import.meta.dirname, "..", "..", "shared", "roms");
const romDir = values["rom-dir"] ?? (existsSync(sharedRoms) ? sharedRoms : undefined);
const SLICE_MS = 250;
const WARMUP_MS = 1000;

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as (options: { type: "minor" | "major" }) => void;

/** Creates a bare emulator that steps the game's minimal actions in a loop. */
async function rawEmulator(rom: Uint8Array) {
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", 0);
  ale.loadROM(rom);
  const actions = ale.getMinimalActionSet();
  let frame = 0;
  return {
    /** Emulates frames for `limit` ms and returns the frame count. */
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

/** CPU seconds this process (all its threads) has used. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Totals of the counted slices of one kind. */
class Tally {
  count = 0;
  wallSeconds = 0;
  cpuSeconds = 0;

  add(count: number, wallSeconds: number, cpu: number): void {
    this.count += count;
    this.wallSeconds += wallSeconds;
    this.cpuSeconds += cpu;
  }

  get perWallSecond(): number {
    return this.count / this.wallSeconds;
  }

  get perCpuSecond(): number {
    return this.count / this.cpuSeconds;
  }
}

/** One slice's count, wall-clock seconds and CPU seconds. */
interface Slice {
  count: number;
  wall: number;
  cpu: number;
}

/**
 * Steps `vec` for `milliseconds` and returns its observation count and
 * times. With `collect`, ends with a minor GC.
 */
async function envSlice(
  vec: VectorEnvironment,
  actions: Int32Array,
  firstStep: number,
  collect: boolean,
  milliseconds = SLICE_MS,
): Promise<Slice> {
  const copies = vec.numEnvs;
  const start = performance.now();
  const startCpu = cpuSeconds();
  let steps = 0;
  while (performance.now() - start < milliseconds) {
    for (let i = 0; i < copies; i++) actions[i] = 1 + ((firstStep + steps + i) % (vec.actionCount - 1));
    await vec.step(actions);
    steps++;
  }
  if (collect) collectGarbage({ type: "minor" });
  return { count: steps * copies, wall: (performance.now() - start) / 1000, cpu: cpuSeconds() - startCpu };
}

interface Rates {
  raw: Tally;
  reused: Tally | undefined;
  fresh: Tally | undefined;
  /** Lowest and highest overhead of one reused-array slice against the raw slice of its round. */
  overheadRange: [number, number];
}

/** Returns the CPU-time overhead of `observations` per CPU second against `rawFrames` per CPU second. */
function overhead(observations: number, rawFrames: number): number {
  return 1 - (4 * observations) / rawFrames;
}

/**
 * Measures `copies` copies over `threads` threads, rotating slices of raw
 * emulation, reused-array steps and new-array steps.
 */
async function measure(game: string, rom: Uint8Array, copies: number, threads: number): Promise<Rates> {
  const open = async (copy: boolean) => (await openAtariVectorEnv({ game, romDir, numEnvs: copies, threads, copy })).vec;
  const reusedEnv = measureReused ? await open(false) : undefined;
  const freshEnv = measureNew ? await open(true) : undefined;
  const raw = await rawEmulator(rom);
  try {
    await reusedEnv?.reset(1);
    await freshEnv?.reset(1);
    const actions = new Int32Array(copies);
    const rates: Rates = {
      raw: new Tally(),
      reused: reusedEnv && new Tally(),
      fresh: freshEnv && new Tally(),
      overheadRange: [Infinity, -Infinity],
    };
    const slicesPerRound = 1 + Number(measureReused) + Number(measureNew);
    const rounds = Math.max(2, Math.round((seconds * 1000) / (SLICE_MS * slicesPerRound)));
    let stepsDone = 0;
    for (const env of [reusedEnv, freshEnv]) {
      if (env) stepsDone += (await envSlice(env, actions, stepsDone, true, WARMUP_MS)).count / copies;
    }
    for (let round = -1; round < rounds; round++) {
      const rawStart = performance.now();
      const rawStartCpu = cpuSeconds();
      const frames = raw.run(SLICE_MS);
      const rawSlice = { count: frames, wall: (performance.now() - rawStart) / 1000, cpu: cpuSeconds() - rawStartCpu };
      const reusedSlice = reusedEnv && (await envSlice(reusedEnv, actions, stepsDone, false));
      const freshSlice = freshEnv && (await envSlice(freshEnv, actions, stepsDone, true));
      stepsDone += Math.max(reusedSlice?.count ?? 0, freshSlice?.count ?? 0) / copies;
      // The first round warms everything up and is not counted.
      if (round < 0) continue;
      rates.raw.add(rawSlice.count, rawSlice.wall, rawSlice.cpu);
      if (reusedSlice) {
        rates.reused!.add(reusedSlice.count, reusedSlice.wall, reusedSlice.cpu);
        const sliceOverhead = overhead(reusedSlice.count / reusedSlice.cpu, rawSlice.count / rawSlice.cpu);
        rates.overheadRange[0] = Math.min(rates.overheadRange[0], sliceOverhead);
        rates.overheadRange[1] = Math.max(rates.overheadRange[1], sliceOverhead);
      }
      if (freshSlice) rates.fresh!.add(freshSlice.count, freshSlice.wall, freshSlice.cpu);
    }
    return rates;
  } finally {
    raw.dispose();
    await reusedEnv?.close();
    await freshEnv?.close();
  }
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

function formatRow(game: string, copies: number, threads: number, rates: Rates): string {
  const rawPerCpu = rates.raw.perCpuSecond;
  const { reused, fresh } = rates;
  const cells = [
    game.padEnd(12),
    String(copies).padStart(6),
    String(threads).padStart(8),
    (reused ? reused.perWallSecond.toFixed(0) : "-").padStart(8),
    (reused ? reused.perCpuSecond.toFixed(0) : "-").padStart(10),
    rawPerCpu.toFixed(0).padStart(17),
    (reused ? percent(overhead(reused.perCpuSecond, rawPerCpu)) : "-").padStart(9),
    (reused ? `${percent(rates.overheadRange[0])} to ${percent(rates.overheadRange[1])}` : "-").padStart(16),
    (fresh ? percent(overhead(fresh.perCpuSecond, rawPerCpu)) : "-").padStart(22),
    (reused && fresh ? (1e6 / fresh.perCpuSecond - 1e6 / reused.perCpuSecond).toFixed(1) : "-").padStart(22),
  ];
  return cells.join("");
}

async function main(): Promise<void> {
  const games = values.games!.split(",");
  const copyCounts = values.copies!.split(",").map(Number);
  const threadCounts = values.threads!.split(",").map(Number);
  console.log(
    "game        copies threads   obs/s obs/CPU-s  raw frames/CPU-s overhead     slice range" +
      "  overhead (new arrays)  us/obs for new arrays",
  );
  for (const game of games) {
    const rom = resolveRom({ game, romDir });
    for (const copies of copyCounts) {
      for (const threads of threadCounts) {
        if (threads > copies) continue;
        const rates = await measure(game, rom.bytes, copies, threads);
        console.log(formatRow(game, copies, threads, rates));
      }
    }
  }
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
