// Games a web page can run: the built-in cartridge, embedded in the
// bundle, and ROM files the user picks, identified by MD5 against ALE's
// game table and the AtariARI annotations. Nothing here leaves the page.

import windfallRom from "../../cart/windfall.bin";
import windfallAnnotations from "../../cart/windfall.annotations.json" with { type: "json" };
import { ALEInterface } from "../ale/index.ts";
import type { AtariCore } from "../ale/wasm.ts";
import { atariariKey } from "../atariari/games.ts";
import { labelTable, type LabelTable } from "../atariari/labels.ts";
import { knownRomByMd5 } from "../roms/games.ts";
import { md5Hex } from "../roms/md5.ts";
import type { BenchmarkGame } from "./benchmark-job.ts";

/** Name of the built-in cartridge's game. */
export const BUILTIN_GAME = "windfall";

/** Largest ROM file accepted: 512 KiB, above every bank-switching scheme ALE 0.12.1 runs. */
const MAX_ROM_BYTES = 512 * 1024;

/** A ROM file that cannot be run or probed; the message names the file and the fix. */
export class RomError extends Error {
  override name = "RomError";
}

/** The built-in cartridge with its RAM annotation table. */
export function builtinGame(): BenchmarkGame {
  const entries = Object.entries(windfallAnnotations.games.windfall) as Array<[string, number]>;
  const labels: LabelTable = {
    game: BUILTIN_GAME,
    names: entries.map(([name]) => name),
    ramIndices: Uint8Array.from(entries, ([, index]) => index),
  };
  const rom = new Uint8Array(windfallRom);
  return { name: BUILTIN_GAME, rom, md5: md5Hex(rom), source: "built-in", labels };
}

/**
 * Checks a user's ROM file: it must load in the emulator and be one of
 * the games with AtariARI RAM annotations (identified by MD5, as ALE
 * identifies games). Throws {@link RomError} otherwise.
 */
export async function gameFromRomFile(fileName: string, bytes: Uint8Array, core?: AtariCore): Promise<BenchmarkGame> {
  if (bytes.length === 0) {
    throw new RomError(`ROM file ${fileName} is empty; choose an Atari 2600 ROM (.bin, .a26), 2 KiB or larger`);
  }
  if (bytes.length > MAX_ROM_BYTES) {
    throw new RomError(
      `ROM file ${fileName} is ${bytes.length} bytes, more than any Atari 2600 cartridge ` +
        `(${MAX_ROM_BYTES} bytes); choose the game's .bin file`,
    );
  }
  const md5 = md5Hex(bytes);
  if (md5 === builtinGame().md5) return { ...builtinGame(), source: fileName };
  const ale = await ALEInterface.create({ core });
  try {
    ale.loadROM(bytes);
  } catch (error) {
    throw new RomError(`ROM file ${fileName} is not a valid Atari 2600 ROM: ${(error as Error).message}`);
  } finally {
    ale.dispose();
  }
  const known = knownRomByMd5(md5);
  if (!known) {
    throw new RomError(
      `ROM file ${fileName} (MD5 ${md5}) is not one of the ROMs ALE 0.12.1 supports, so its labels ` +
        "and game rules are unknown; use the ROM that ALE's game table lists for the game",
    );
  }
  const key = atariariKey(known.name);
  if (key === undefined) {
    throw new RomError(
      `ROM file ${fileName} is ${known.name}, which has no AtariARI RAM annotations to probe; ` +
        "choose one of the 22 AtariARI games or the built-in Windfall",
    );
  }
  return { name: known.name, rom: bytes, md5, source: fileName, labels: labelTable(known.name) };
}
