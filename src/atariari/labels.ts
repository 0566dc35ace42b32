import { atariariKey, GAME_ANNOTATIONS } from "./games.ts";

/** The labels of one game: names in table order and the RAM index of each. */
export interface LabelTable {
  /** AtariARI game key, e.g. `mspacman`. */
  game: string;
  names: readonly string[];
  ramIndices: Uint8Array;
}

/** Returns the label table of a game named in any form `aleGameName` accepts; throws if it has no annotations. */
export function labelTable(game: string): LabelTable {
  const key = atariariKey(game);
  if (key === undefined) {
    throw new Error(
      `game ${JSON.stringify(game)} has no AtariARI RAM annotations; annotated games: ` +
        Object.keys(GAME_ANNOTATIONS).join(", "),
    );
  }
  const entries = Object.entries(GAME_ANNOTATIONS[key]);
  return {
    game: key,
    names: entries.map(([name]) => name),
    ramIndices: Uint8Array.from(entries, ([, index]) => index),
  };
}

/** Copies the label bytes out of `ram` (getRAM(), 128 bytes) into `out`, in table order. */
export function readLabelValues(
  table: LabelTable,
  ram: Uint8Array,
  out: Uint8Array = new Uint8Array(table.names.length),
): Uint8Array {
  for (let i = 0; i < table.ramIndices.length; i++) out[i] = ram[table.ramIndices[i]];
  return out;
}

/** Reads the labels of `ram` as a name -> value record, like the AtariARI code's `info["labels"]`. */
export function readLabels(table: LabelTable, ram: Uint8Array): Record<string, number> {
  const labels: Record<string, number> = {};
  for (let i = 0; i < table.names.length; i++) labels[table.names[i]] = ram[table.ramIndices[i]];
  return labels;
}
