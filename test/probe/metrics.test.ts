import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { CATEGORIES, labelCategories, referenceMetricDict, summarizeMetric } from "../../src/probe/categories.ts";
import { accuracy, weightedF1 } from "../../src/probe/metrics.ts";

// Expected values: `hand` worked out on paper (per-class 2TP/(2TP+FP+FN),
// weighted by true counts), `sklearn` printed by scikit-learn 1.2.1's
// f1_score(truth, predicted, average="weighted").
const f1Cases = [
  { name: "mixed", truth: [0, 0, 1, 1, 2, 2, 2, 3], predicted: [0, 1, 1, 1, 2, 0, 3, 3], hand: 143 / 240, sklearn: 0.5958333333333333 },
  { name: "class only predicted", truth: [5, 5, 5, 7], predicted: [5, 9, 5, 7], hand: 0.85, sklearn: 0.8500000000000001 },
  { name: "all wrong", truth: [1, 2, 3], predicted: [2, 3, 1], hand: 0, sklearn: 0 },
  { name: "perfect", truth: [4, 4, 200, 255], predicted: [4, 4, 200, 255], hand: 1, sklearn: 1 },
  { name: "single true class", truth: [3, 3, 3, 3, 3], predicted: [3, 3, 1, 3, 0], hand: 0.75, sklearn: 0.7499999999999999 },
  { name: "class never predicted", truth: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], predicted: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], hand: 162 / 190, sklearn: 0.8526315789473685 },
];

for (const c of f1Cases) {
  test(`weighted f1 ${c.name}`, () => {
    const value = weightedF1(c.truth, c.predicted);
    assert.ok(Math.abs(value - c.hand) < 1e-12, `got ${value}, hand ${c.hand}`);
    assert.ok(Math.abs(value - c.sklearn) < 1e-12, `got ${value}, sklearn ${c.sklearn}`);
  });
}

test("weighted f1 random 200 samples", () => {
  // Python: random.seed(1); truth = [randrange(6)] * 200; each prediction keeps
  // the truth with probability 0.6, else randrange(8). sklearn: 0.7503635060714865.
  const truth = [1, 4, 0, 2, 0, 3, 3, 3, 5, 3, 1, 0, 3, 0, 3, 3, 4, 0, 5, 3, 2, 5, 1, 4, 0, 2, 0, 0, 0, 5, 4, 0, 3, 5, 1, 3, 5, 0, 4, 1, 3, 3, 4, 1, 2, 1, 5, 1, 3, 2, 0, 3, 4, 5, 0, 1, 5, 5, 2, 0, 5, 2, 5, 5, 4, 3, 4, 5, 1, 2, 2, 4, 3, 4, 3, 4, 0, 3, 1, 5, 3, 3, 5, 1, 2, 4, 5, 5, 5, 2, 0, 3, 5, 4, 0, 1, 4, 3, 2, 3, 5, 0, 3, 0, 2, 5, 4, 4, 4, 3, 5, 1, 1, 4, 1, 0, 1, 4, 4, 1, 3, 4, 2, 4, 2, 3, 2, 5, 4, 4, 5, 0, 3, 5, 4, 1, 4, 4, 1, 3, 0, 3, 2, 4, 4, 1, 4, 3, 3, 2, 3, 2, 0, 4, 4, 4, 4, 2, 3, 4, 0, 1, 5, 1, 4, 4, 1, 0, 4, 2, 0, 5, 0, 0, 0, 3, 0, 2, 1, 2, 0, 4, 1, 2, 2, 0, 1, 1, 2, 4, 1, 5, 2, 5, 5, 2, 3, 5, 2, 3];
  const predicted = [1, 4, 0, 2, 0, 3, 3, 6, 0, 3, 1, 0, 7, 6, 3, 3, 7, 0, 6, 5, 6, 5, 1, 0, 0, 4, 4, 6, 0, 5, 4, 3, 7, 5, 0, 3, 5, 0, 6, 1, 3, 6, 4, 1, 2, 4, 5, 1, 3, 2, 0, 3, 6, 5, 7, 3, 5, 5, 2, 0, 5, 2, 5, 5, 4, 3, 4, 5, 7, 2, 2, 4, 3, 4, 2, 5, 0, 3, 1, 5, 3, 3, 5, 1, 2, 4, 4, 5, 1, 2, 0, 3, 6, 4, 0, 2, 1, 3, 4, 3, 5, 0, 0, 0, 4, 5, 4, 4, 4, 7, 5, 1, 7, 4, 1, 0, 1, 4, 1, 7, 3, 4, 2, 4, 0, 3, 2, 4, 4, 4, 1, 0, 3, 5, 4, 1, 4, 4, 4, 5, 0, 2, 2, 5, 4, 2, 4, 3, 3, 4, 3, 2, 4, 4, 4, 4, 5, 3, 3, 4, 0, 3, 5, 1, 6, 4, 1, 7, 4, 2, 0, 5, 6, 0, 0, 3, 0, 2, 1, 6, 0, 4, 1, 2, 2, 0, 7, 3, 2, 4, 1, 5, 2, 5, 4, 3, 3, 5, 2, 2];
  const value = weightedF1(truth, predicted);
  assert.ok(Math.abs(value - 0.7503635060714865) < 1e-12, `got ${value}`);
});

test("accuracy counts matches", () => {
  assert.equal(accuracy([1, 2, 3, 4], [1, 0, 3, 0]), 0.5);
  assert.throws(() => accuracy([1], [1, 2]), /truth has 1 values but predictions have 2/);
  assert.throws(() => weightedF1([], []), /at least one sample/);
});

test("categories match reference for every label", () => {
  // reference-categories.json was produced by running the reference's
  // categorisation list comprehensions on every label of its RAM table.
  const expected = JSON.parse(readFileSync(new URL("./reference-categories.json", import.meta.url), "utf8"));
  const annotations = JSON.parse(readFileSync(new URL("../../../shared/atariari/ram-annotations.json", import.meta.url), "utf8"));
  const names = new Set<string>();
  for (const labels of Object.values(annotations.games) as Record<string, number>[]) {
    for (const name of Object.keys(labels)) names.add(name);
  }
  assert.equal(names.size, 266);
  for (const name of names) {
    const actual = labelCategories(name);
    const reference = CATEGORIES.filter((category) => expected[category].includes(name));
    assert.deepEqual(actual, reference, name);
    if (reference.length === 0) assert.ok(expected.none.includes(name), name);
  }
});

test("pong category averages", () => {
  const f1 = {
    player_y: 0.8, player_x: 0.6, enemy_y: 0.5, enemy_x: 0.3,
    ball_x: 0.2, ball_y: 0.4, enemy_score: 0.9, player_score: 0.7,
  };
  const summary = summarizeMetric(f1);
  assert.deepEqual(Object.keys(summary.categories), [
    "small_object_localization", "agent_localization", "other_localization", "score_clock_lives_display",
  ]);
  assert.ok(Math.abs(summary.categories.small_object_localization! - 0.3) < 1e-15);
  assert.ok(Math.abs(summary.categories.agent_localization! - 0.7) < 1e-15);
  assert.ok(Math.abs(summary.categories.other_localization! - 0.4) < 1e-15);
  assert.ok(Math.abs(summary.categories.score_clock_lives_display! - 0.8) < 1e-15);
  assert.ok(Math.abs(summary.overallAvg - 4.4 / 8) < 1e-15);
  assert.ok(Math.abs(summary.acrossCategoriesAvg - 2.2 / 4) < 1e-15);
  const flat = referenceMetricDict(f1, "_f1");
  assert.equal(flat.player_y_f1, 0.8);
  assert.equal(flat.agent_localization_avg_f1, summary.categories.agent_localization);
  assert.equal(flat.across_categories_avg_f1, summary.acrossCategoriesAvg);
  assert.equal(flat.overall_avg_f1, summary.overallAvg);
});

test("label in two categories counts in both", () => {
  // "num_lives_direction" is a lives label and a direction label.
  assert.deepEqual(labelCategories("num_lives_direction"), ["score_clock_lives_display", "misc_keys"]);
  const summary = summarizeMetric({ num_lives_direction: 0.5, ball_x: 1 });
  assert.equal(summary.categories.score_clock_lives_display, 0.5);
  assert.equal(summary.categories.misc_keys, 0.5);
  assert.ok(Math.abs(summary.acrossCategoriesAvg - 2 / 3) < 1e-15);
  assert.equal(summary.overallAvg, 0.75);
});
