// Label tables for the command's outputs: the AtariARI games' tables and
// the built-in cartridges' tables, all from the annotation table in
// src/atariari/.

import { atariariKey } from "../atariari/games.ts";
import { labelTable, readLabels, type LabelTable } from "../atariari/labels.ts";

/** Returns the label table of a game, or null for a game without one. */
export function gameLabelTable(game: string): LabelTable | null {
  return atariariKey(game) === undefined ? null : labelTable(game);
}

/** Returns the labels of `ram` for a game, or {} for a game without a table. */
export function gameLabels(table: LabelTable | null, ram: Uint8Array): Record<string, number> {
  return table === null ? {} : readLabels(table, ram);
}
