// Replays an ALE reference trace through ALEInterface and reports the first
// record where anything differs, with enough context to find the cause.

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { ALEInterface } from "../../src/ale/index.ts";

/** Root of the shared data (ROMs and traces), next to the repository. */
export const SHARED = resolve(import.meta.dirname, "../../../shared");
export const TRACE_DIR = join(SHARED, "ale-traces");
export const ROM_DIR = join(SHARED, "roms");

const KIND_NAMES = ["load", "act", "reset"];
const PHASE_NAMES = [
  "",
  "noop",
  "reset_switch_1",
  "set_mode",
  "after_set_mode",
  "reset_switch_2",
  "starting_action",
];
const RESET_LOG_ENTRY_SIZE = 1 + 128 + 4 + 4 + 4;

export interface Trace {
  rom: { file: string; md5: string };
  settings: { random_seed: number; repeat_action_probability: number; frame_skip: number };
  screen: { width: number; height: number };
  kind: number[];
  step: number[];
  action: number[];
  reward: number[];
  game_over: number[];
  lives: number[];
  frame: number[];
  episode_frame: number[];
  scanlines: number[];
  cpu_cycles: number[];
  screen_hash: string[];
  ram: string[];
  screens: { record: number; step: number; kind: number; pixels_b64: string }[];
  reset_frames: {
    record: number;
    set_mode_frames: number;
    phase: string[];
    ram: string[];
    screen_hash: string[];
    scanlines: number[];
    cpu_cycles: number[];
  }[];
}

/** Lists trace files of a folder, sorted by game name. */
export function listTraces(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".trace.json.gz"))
    .sort()
    .map((name) => join(dir, name));
}

export function gameOfTrace(path: string): string {
  return basename(path).replace(".trace.json.gz", "");
}

export function readTrace(path: string): Trace {
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as Trace;
}

/** ALEInterface's private fields, for the test-only exports. */
interface RawHandle {
  exports: Record<string, (...args: number[]) => number>;
  id: number;
}

/** Outcome of a replay: null when every record matched. */
export interface Mismatch {
  record: number;
  summary: string;
  details: string;
}

interface Observed {
  ram: string;
  hash: string;
  reward: number;
  lives: number;
  gameOver: number;
  frame: number;
  episodeFrame: number;
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}

/** Replays `trace`; returns the first mismatch, or null if bit-exact. */
export async function replayTrace(trace: Trace): Promise<Mismatch | null> {
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", trace.settings.repeat_action_probability);
  ale.setInt("random_seed", trace.settings.random_seed);
  ale.setInt("frame_skip", trace.settings.frame_skip);
  const raw = ale as unknown as RawHandle;
  try {
    raw.exports.aleLogResets(raw.id, 1);
    ale.loadROM(readFileSync(join(ROM_DIR, trace.rom.file)));
    const screens = new Map(trace.screens.map((s) => [s.record, s]));
    for (let i = 0; i < trace.kind.length; i++) {
      const kind = trace.kind[i];
      let reward = 0;
      if (kind === 1) reward = ale.act(trace.action[i]);
      else if (kind === 2) ale.resetGame();
      const observed: Observed = {
        ram: Buffer.from(ale.getRAM()).toString("hex"),
        hash: hex8(raw.exports.aleScreenHash(raw.id)),
        reward,
        lives: ale.lives(),
        gameOver: ale.gameOver() ? 1 : 0,
        frame: ale.getFrameNumber(),
        episodeFrame: ale.getEpisodeFrameNumber(),
      };
      const differences = compareRecord(trace, i, observed);
      const full = screens.get(i);
      if (full !== undefined) {
        const expected = Buffer.from(full.pixels_b64, "base64");
        const actual = ale.getScreen();
        const diff = screenDifference(expected, actual, trace.screen.width);
        if (diff !== null) differences.push(`screen: ${diff}`);
      }
      if (differences.length > 0) {
        const resetInfo = kind === 1 ? "" : resetReport(trace, i, raw);
        return describe(trace, i, observed, differences, resetInfo);
      }
    }
    return null;
  } finally {
    ale.dispose();
  }
}

function compareRecord(trace: Trace, i: number, observed: Observed): string[] {
  const differences: string[] = [];
  const check = (name: string, expected: unknown, actual: unknown) => {
    if (expected !== actual) differences.push(`${name}: expected ${expected}, got ${actual}`);
  };
  if (trace.ram[i] !== observed.ram) differences.push("ram");
  check("screen hash", trace.screen_hash[i], observed.hash);
  check("reward", trace.reward[i], observed.reward);
  check("lives", trace.lives[i], observed.lives);
  check("game over", trace.game_over[i], observed.gameOver);
  check("frame number", trace.frame[i], observed.frame);
  check("episode frame number", trace.episode_frame[i], observed.episodeFrame);
  return differences;
}

function screenDifference(expected: Uint8Array, actual: Uint8Array, width: number): string | null {
  if (expected.length !== actual.length) {
    return `size: expected ${expected.length} bytes, got ${actual.length}`;
  }
  let count = 0;
  let first = -1;
  for (let p = 0; p < expected.length; p++) {
    if (expected[p] !== actual[p]) {
      if (first < 0) first = p;
      count++;
    }
  }
  if (count === 0) return null;
  const row = Math.floor(first / width);
  const column = first % width;
  return (
    `${count} pixels differ, first at row ${row} column ${column} ` +
    `(expected ${expected[first]}, got ${actual[first]})`
  );
}

/** Lists RAM bytes that differ as "index: expected vs actual". */
export function ramDifferences(expected: string, actual: string): string {
  const a = Buffer.from(expected, "hex");
  const b = Buffer.from(actual, "hex");
  const parts: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      const hex = (v: number) => v.toString(16).padStart(2, "0");
      parts.push(`[${i}] 0x${hex(0x80 + i)}: ${hex(a[i])} vs ${hex(b[i])}`);
    }
  }
  return parts.join(", ");
}

function describe(
  trace: Trace,
  i: number,
  observed: Observed,
  differences: string[],
  resetInfo: string,
): Mismatch {
  const kind = KIND_NAMES[trace.kind[i]];
  const summary = `record ${i} (step ${trace.step[i]}, ${kind}): ${differences.join("; ")}`;
  const lines = [summary];
  if (trace.ram[i] !== observed.ram) {
    lines.push(`RAM (index address: expected vs actual): ${ramDifferences(trace.ram[i], observed.ram)}`);
  }
  lines.push(
    `TIA at this record in ALE: ${trace.scanlines[i]} scanlines, ${trace.cpu_cycles[i]} cycles`,
  );
  const tail: string[] = [];
  for (let j = Math.max(1, i - 20); j <= i; j++) {
    if (trace.kind[j] === 1) tail.push(String(trace.action[j]));
    else if (trace.kind[j] === 2) tail.push("reset");
  }
  lines.push(`actions before it (oldest first): ${tail.join(" ")}`);
  if (resetInfo) lines.push(resetInfo);
  return { record: i, summary, details: lines.join("\n") };
}

/**
 * Compares our latest reset, frame by frame, with the trace's reset_frames
 * entry for `record` and names the first frame that differs.
 */
function resetReport(trace: Trace, record: number, raw: RawHandle): string {
  const frames = trace.reset_frames.find((entry) => entry.record === record);
  if (frames === undefined) return "";
  const entries = readResetLog(raw).filter((entry) => entry.phase !== "set_mode");
  for (let f = 0; f < frames.phase.length; f++) {
    const got = entries[f];
    if (got === undefined) {
      return `reset: our reset has ${f} frames, ALE's has ${frames.phase.length}`;
    }
    const sameRam = got.ram === frames.ram[f];
    const sameHash = got.hash === frames.screen_hash[f];
    if (got.phase === frames.phase[f] && sameRam && sameHash) continue;
    const parts = [`reset: first differing frame ${f} (${frames.phase[f]}, ours ${got.phase})`];
    if (!sameRam) parts.push(`RAM ${ramDifferences(frames.ram[f], got.ram)}`);
    if (!sameHash) parts.push(`screen hash expected ${frames.screen_hash[f]}, got ${got.hash}`);
    parts.push(
      `scanlines ${frames.scanlines[f]} vs ${got.scanlines}, ` +
        `cycles ${frames.cpu_cycles[f]} vs ${got.cycles}`,
    );
    return parts.join("; ");
  }
  return "reset: every reset frame matched";
}

interface ResetLogEntry {
  phase: string;
  ram: string;
  hash: string;
  scanlines: number;
  cycles: number;
}

export function readResetLog(raw: RawHandle): ResetLogEntry[] {
  const length = raw.exports.aleResetLogLength(raw.id);
  const pointer = raw.exports.aleResetLog(raw.id);
  const memory = (raw.exports as unknown as { memory: WebAssembly.Memory }).memory;
  const bytes = new Uint8Array(memory.buffer, pointer, length).slice();
  const view = new DataView(bytes.buffer);
  const entries: ResetLogEntry[] = [];
  for (let at = 0; at + RESET_LOG_ENTRY_SIZE <= length; at += RESET_LOG_ENTRY_SIZE) {
    entries.push({
      phase: PHASE_NAMES[bytes[at]],
      ram: Buffer.from(bytes.subarray(at + 1, at + 129)).toString("hex"),
      hash: hex8(view.getUint32(at + 129, true)),
      scanlines: view.getInt32(at + 133, true),
      cycles: view.getUint32(at + 137, true),
    });
  }
  return entries;
}
