// The published AtariARI probe scores for pages. The CLI reads the same
// table (src/cli/report/published-results.json) through Node's require;
// the browser bundle embeds it.

import table from "../cli/report/published-results.json" with { type: "json" };
import type { PublishedResults } from "../cli/report/published.ts";

export type { PublishedResults };

/** Published F1 scores by game and by category (Anand et al. 2019, Tables 2 and 3). */
export const PUBLISHED_RESULTS: PublishedResults = table;
