// The published AtariARI probe scores (Anand et al. 2019, "Unsupervised
// State Representation Learning in Atari", Table 2 and Table 3: test F1
// averaged within each label category, then across categories), as the
// authors' results notebook prints them.

import published from "./published-results.json" with { type: "json" };

/** Published F1 scores by game or category, then by method. */
export interface PublishedResults {
  source: string;
  methods: string[];
  /** Per game (the reference's game keys, plus "mean"), per method. */
  per_game: Record<string, Record<string, number>>;
  /** Per category, per method: means over the 22 games. */
  per_category_mean_over_games: Record<string, Record<string, number>>;
}

// Imported, not read at run time, so the bundles in dist/ carry the table.
export const PUBLISHED: PublishedResults = published;

/** Returns the reference's key of a game ("ms_pacman" -> "mspacman"). */
export function publishedGameKey(game: string): string {
  return game.toLowerCase().replace(/_/g, "");
}

/** Returns the published per-method F1 of a game, or undefined. */
export function publishedForGame(game: string): Record<string, number> | undefined {
  return PUBLISHED.per_game[publishedGameKey(game)];
}
