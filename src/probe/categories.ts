// Label categories and score averages as the AtariARI reference code
// (mila-iqia/atari-representation-learning, atariari/benchmark) defines
// them: a label's categories follow from substrings of its name.

/** Category names in the reference's order (its `summary_key_dict`). */
export const CATEGORIES = [
  "small_object_localization",
  "agent_localization",
  "other_localization",
  "score_clock_lives_display",
  "misc_keys",
] as const;

export type Category = (typeof CATEGORIES)[number];

const has = (name: string, parts: string[]) => parts.some((part) => name.includes(part));

/**
 * Returns the categories a label name falls in, possibly none. A name with
 * `_x`, `_y`, `_z` or `_column` is a localisation label. It is a small
 * object if it contains `ball` or `missile`, else the agent if it contains
 * `agent` or `player`, else other. `score_clock_lives_display` takes names
 * with `score`, `clock`, `lives`, `lifes`, `meter` or `display`, and
 * `misc_keys` those with `count`, `bit_map`, `existence`, `level`, `room`,
 * `game_state` or `direction`. A name can be in several categories.
 */
export function labelCategories(name: string): Category[] {
  const out: Category[] = [];
  if (has(name, ["_x", "_y", "_z", "_column"])) {
    if (has(name, ["ball", "missile"])) out.push("small_object_localization");
    else if (has(name, ["agent", "player"])) out.push("agent_localization");
    else out.push("other_localization");
  }
  if (has(name, ["score", "clock", "lives", "lifes", "meter", "display"])) {
    out.push("score_clock_lives_display");
  }
  if (has(name, ["count", "bit_map", "existence", "level", "room", "game_state", "direction"])) {
    out.push("misc_keys");
  }
  return out;
}

/** Per-category means and the two overall averages of one metric. */
export interface MetricSummary {
  /** Mean over the labels of each category that has at least one label. */
  categories: Partial<Record<Category, number>>;
  /** Plain mean over all labels (the reference's `overall_avg`). */
  overallAvg: number;
  /** Mean of the category means (`across_categories_avg`, the per-game score Anand et al. 2019 report). */
  acrossCategoriesAvg: number;
}

/** Averages a per-label metric the way the reference's `postprocess_raw_metrics` does. */
export function summarizeMetric(values: Record<string, number>): MetricSummary {
  const labels = Object.keys(values);
  if (labels.length === 0) throw new Error("summarizeMetric: no labels to average");
  const categories: Partial<Record<Category, number>> = {};
  for (const category of CATEGORIES) {
    const members = labels.filter((name) => labelCategories(name).includes(category));
    if (members.length > 0) categories[category] = mean(members.map((name) => values[name]));
  }
  const categoryMeans = Object.values(categories) as number[];
  return {
    categories,
    overallAvg: mean(labels.map((name) => values[name])),
    acrossCategoriesAvg: categoryMeans.length > 0 ? mean(categoryMeans) : NaN,
  };
}

/**
 * Flattens per-label values and their summary into the reference's result
 * dictionary: `{label}{suffix}`, `{category}_avg{suffix}`,
 * `overall_avg{suffix}` and `across_categories_avg{suffix}`, with suffix
 * `_acc` or `_f1`.
 */
export function referenceMetricDict(values: Record<string, number>, suffix: "_acc" | "_f1"): Record<string, number> {
  const summary = summarizeMetric(values);
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) out[name + suffix] = value;
  for (const [category, value] of Object.entries(summary.categories)) out[`${category}_avg${suffix}`] = value;
  out[`overall_avg${suffix}`] = summary.overallAvg;
  out[`across_categories_avg${suffix}`] = summary.acrossCategoriesAvg;
  return out;
}

function mean(values: number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
