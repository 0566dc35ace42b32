import windfallAnnotations from "../../cart/windfall.annotations.json" with { type: "json" };
import { aleGameName } from "../roms/games.ts";
import { RAM_ANNOTATIONS } from "./ram-annotations.ts";

/**
 * Label name -> RAM index for every game with labels: the AtariARI table
 * plus the built-in cartridges, whose tables are read from their
 * annotation files in cart/.
 */
export const GAME_ANNOTATIONS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  ...RAM_ANNOTATIONS,
  ...windfallAnnotations.games,
};

/**
 * AtariARI's game keys differ from ALE's ROM names only by underscores and
 * one word split: `mspacman` is `ms_pacman`, `battlezone` is `battle_zone`.
 * A built-in cartridge's key is its ROM name.
 */
const KEY_TO_ALE = new Map<string, string>(
  Object.keys(GAME_ANNOTATIONS).map((key) => [key, aleGameName(key)]),
);
const ALE_TO_KEY = new Map<string, string>(
  [...KEY_TO_ALE].map(([key, ale]) => [ale, key]),
);

/** The AtariARI benchmark's games (RAM_ANNOTATIONS), by ALE ROM name; built-in cartridges are not among them. */
export const ATARIARI_GAMES: readonly string[] = Object.keys(RAM_ANNOTATIONS).map((key) => KEY_TO_ALE.get(key)!);

/**
 * Returns the annotation key (`mspacman`) of a game named in any accepted
 * form, or undefined if it has no annotations. Built-in cartridges have keys
 * too.
 */
export function atariariKey(name: string): string | undefined {
  return ALE_TO_KEY.get(aleGameName(name));
}

/** ALE's ROM name of an annotation key: `mspacman` -> `ms_pacman`. */
export function aleNameOfAtariariKey(key: string): string {
  const name = KEY_TO_ALE.get(key);
  if (!name) throw new Error(`unknown AtariARI game key ${JSON.stringify(key)}`);
  return name;
}
