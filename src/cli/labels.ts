// Label tables for the command's outputs: the AtariARI games' tables, plus
// the built-in cartridge's own table from cart/windfall.annotations.json.

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { atariariKey } from "../atariari/games.ts";
import { labelTable, readLabels, type LabelTable } from "../atariari/labels.ts";
import { BUILTIN_GAME, PACKAGE_ROOT } from "./context.ts";

/** Returns the label table of a game, or null for a game without one. */
export function gameLabelTable(game: string): LabelTable | null {
  if (game === BUILTIN_GAME) {
    const path = join(PACKAGE_ROOT, "cart", "windfall.annotations.json");
    const entries = Object.entries(JSON.parse(readFileSync(path, "utf8")).games[BUILTIN_GAME]) as
      Array<[string, number]>;
    return {
      game: BUILTIN_GAME,
      names: entries.map(([name]) => name),
      ramIndices: Uint8Array.from(entries, ([, index]) => index),
    };
  }
  return atariariKey(game) === undefined ? null : labelTable(game);
}

/** Returns the labels of `ram` for a game, or {} for a game without a table. */
export function gameLabels(table: LabelTable | null, ram: Uint8Array): Record<string, number> {
  return table === null ? {} : readLabels(table, ram);
}
