// Emulated frames per second of the WebAssembly core, single-threaded, next
// to ALE 0.12.1's C++ core on the machine recorded in docs/benchmarks.md.
//
//   npm run bench:emulator
//   npm run bench:emulator -- --frames 20000 --runs 3 --games pong,seaquest
//
// Each run loads the ROM, then calls act() --frames times with actions drawn
// from the minimal set (a fixed xorshift sequence, new action every 1-8
// frames, reset on game over), frame_skip 1 and no sticky actions. The
// "screen" column also copies getScreen() into a preallocated array after
// every act(). The table shows the median of --runs runs. Rates divide by
// the process's CPU time, so other load on the machine slows them less than
// it slows wall-clock rates, which are printed too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ALEInterface } from "../src/ale/index.ts";

// ALE 0.12.1 (C++, Release build, one core, frame_skip 1, median of 3 runs
// of 20,000 frames), measured on the project's reference machine.
const ALE_FRAMES_PER_SECOND: Record<string, number> = {
  pong: 20700,
  breakout: 15200,
  ms_pacman: 15200,
  seaquest: 17500,
  montezuma_revenge: 15600,
};

const { values } = parseArgs({
  options: {
    frames: { type: "string", default: "20000" },
    runs: { type: "string", default: "3" },
    games: { type: "string", default: Object.keys(ALE_FRAMES_PER_SECOND).join(",") },
    "rom-dir": { type: "string", default: join(import.meta.dirname, "..", "..", "shared", "roms") },
  },
});

const frames = Number(values.frames);
const runs = Number(values.runs);
if (!Number.isInteger(frames) || frames < 1) {
  throw new Error(`invalid --frames ${values.frames}: expected a positive integer`);
}
if (!Number.isInteger(runs) || runs < 1) {
  throw new Error(`invalid --runs ${values.runs}: expected a positive integer`);
}

/** xorshift32, so every run and every implementation sees the same actions. */
function nextRandom(state: Uint32Array): number {
  let x = state[0];
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  state[0] = x;
  return state[0];
}

interface Rate {
  cpu: number;
  wall: number;
}

/** Runs `frames` act() calls and returns frames per CPU and wall second. */
async function measure(rom: Uint8Array, readScreen: boolean): Promise<Rate> {
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", 0);
  ale.setInt("frame_skip", 1);
  ale.loadROM(rom);
  const actions = ale.getMinimalActionSet();
  const { width, height } = ale.getScreenDims();
  const screen = new Uint8Array(width * height);
  const random = new Uint32Array([0x9e3779b9]);
  let action = actions[0];
  let hold = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < frames; i++) {
    if (hold === 0) {
      action = actions[nextRandom(random) % actions.length];
      hold = 1 + (nextRandom(random) % 8);
    }
    hold--;
    ale.act(action);
    if (readScreen) ale.getScreen(screen);
    if (ale.gameOver()) ale.resetGame();
  }
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  ale.dispose();
  return { cpu: frames / cpuSeconds, wall: frames / wallSeconds };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const rows: string[][] = [
  ["game", "frames/s", "with screen", "wall frames/s", "ALE frames/s", "vs ALE"],
];
for (const game of values.games.split(",")) {
  const rom = readFileSync(join(values["rom-dir"], `${game}.bin`));
  const plain: Rate[] = [];
  const withScreen: Rate[] = [];
  for (let run = 0; run < runs; run++) {
    plain.push(await measure(rom, false));
    withScreen.push(await measure(rom, true));
  }
  const ours = median(plain.map((rate) => rate.cpu));
  const reference = ALE_FRAMES_PER_SECOND[game];
  rows.push([
    game,
    ours.toFixed(0),
    median(withScreen.map((rate) => rate.cpu)).toFixed(0),
    median(plain.map((rate) => rate.wall)).toFixed(0),
    reference === undefined ? "-" : String(reference),
    reference === undefined ? "-" : `${(ours / reference).toFixed(2)}x`,
  ]);
}

const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
for (const row of rows) {
  console.log(row.map((cell, column) => cell.padStart(widths[column])).join("  "));
}
console.log(
  `\n${frames} frames per run, median of ${runs} runs, rates per CPU second ` +
    `(wall-clock rate of the plain run beside them), Node ${process.version}`,
);
