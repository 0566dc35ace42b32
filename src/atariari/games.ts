import { aleGameName } from "../roms/games.ts";
import { RAM_ANNOTATIONS } from "./ram-annotations.ts";

/**
 * AtariARI's game keys differ from ALE's ROM names only by underscores and
 * one word split: `mspacman` is `ms_pacman`, `battlezone` is `battle_zone`.
 */
const ATARIARI_TO_ALE = new Map<string, string>(
  Object.keys(RAM_ANNOTATIONS).map((key) => [key, aleGameName(key)]),
);
const ALE_TO_ATARIARI = new Map<string, string>(
  [...ATARIARI_TO_ALE].map(([key, ale]) => [ale, key]),
);

/** Every game with RAM annotations, by ALE ROM name. */
export const ATARIARI_GAMES: readonly string[] = [...ALE_TO_ATARIARI.keys()];

/** Returns the AtariARI key (`mspacman`) of a game named in any accepted form, or undefined if it has no annotations. */
export function atariariKey(name: string): string | undefined {
  return ALE_TO_ATARIARI.get(aleGameName(name));
}

/** ALE's ROM name of an AtariARI key: `mspacman` -> `ms_pacman`. */
export function aleNameOfAtariariKey(key: string): string {
  const name = ATARIARI_TO_ALE.get(key);
  if (!name) throw new Error(`unknown AtariARI game key ${JSON.stringify(key)}`);
  return name;
}
