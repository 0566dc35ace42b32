import { atariariKey } from "./games.ts";
import { RAM_ANNOTATIONS } from "./ram-annotations.ts";

/** The labels of one game: names in table order and the RAM index of each. */
export interface LabelTable {
  /** AtariARI game key, e.g. `mspacman`. */
  game: string;
  names: readonly string[];
  ramIndices: Uint8Array;
}

/** The label table of a game named in any form `aleGameName` accepts; throws if it has no annotations. */
export function labelTable(game: string): LabelTable {
  const key = atariariKey(game);
  if (key === undefined) {
    throw new Error(
      `game ${JSON.stringify(game)} has no AtariARI RAM annotations; annotated games: ` +
        Object.keys(RAM_ANNOTATIONS).join(", "),
    );
  }
  const entries = Object.entries(RAM_ANNOTATIONS[key]);
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

/** The labels of `ram` as a name -> value record, like the AtariARI code's `info["labels"]`. */
export function readLabels(table: LabelTable, ram: Uint8Array): Record<string, number> {
  const labels: Record<string, number> = {};
  for (let i = 0; i < table.names.length; i++) labels[table.names[i]] = ram[table.ramIndices[i]];
  return labels;
}

/** The reference's label categories, by which probe scores are averaged. */
export type LabelCategory =
  | "agent_localization"
  | "small_object_localization"
  | "other_localization"
  | "score_clock_lives_display"
  | "misc";

export const LABEL_CATEGORIES: readonly LabelCategory[] = [
  "agent_localization",
  "small_object_localization",
  "other_localization",
  "score_clock_lives_display",
  "misc",
];

const has = (name: string, parts: string[]) => parts.some((part) => name.includes(part));

/**
 * The categories of a label name, by the substrings the AtariARI code matches.
 * Localisation labels contain `_x`, `_y`, `_z` or `_column`; among them
 * `ball` or `missile` make a small object, else `agent` or `player` make
 * the agent, else other. Score/clock/lives/display and misc are matched
 * separately, so a label may be in several categories or in none.
 */
export function labelCategories(name: string): LabelCategory[] {
  const categories: LabelCategory[] = [];
  if (has(name, ["_x", "_y", "_z", "_column"])) {
    if (has(name, ["ball", "missile"])) categories.push("small_object_localization");
    else if (has(name, ["agent", "player"])) categories.push("agent_localization");
    else categories.push("other_localization");
  }
  if (has(name, ["score", "clock", "lives", "lifes", "meter", "display"])) {
    categories.push("score_clock_lives_display");
  }
  if (has(name, ["count", "bit_map", "existence", "level", "room", "game_state", "direction"])) {
    categories.push("misc");
  }
  return categories;
}
