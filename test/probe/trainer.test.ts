import assert from "node:assert/strict";
import { test } from "node:test";

import type { ProbeDataset } from "../../src/probe/dataset.ts";
import { LinearProbes, PROBE_CLASSES } from "../../src/probe/linear-probes.ts";
import { majorityBaseline, trainProbes } from "../../src/probe/trainer.ts";
import { Random } from "../../src/stdim/random.ts";

const FEATURES = 12;
const NAMES = ["player_x", "enemy_score"];

// Label 0 is linearly readable (which of features 0..3 is largest, coded
// 10/20/30/40); label 1 is noise around 7 that no probe can read.
function dataset(random: Random, episodes: number, length: number): ProbeDataset {
  const frames = episodes * length;
  const features = new Float32Array(frames * FEATURES);
  const labels = new Uint8Array(frames * 2);
  for (let n = 0; n < frames; n++) {
    let best = 0;
    for (let f = 0; f < FEATURES; f++) features[n * FEATURES + f] = random.uniform();
    for (let f = 1; f < 4; f++) if (features[n * FEATURES + f] > features[n * FEATURES + best]) best = f;
    features[n * FEATURES + best] += 1;
    labels[n * 2] = 10 * (best + 1);
    labels[n * 2 + 1] = random.uniform() < 0.8 ? 7 : 8;
  }
  return { labelNames: NAMES, features, featureSize: FEATURES, labels, episodeLengths: new Array(episodes).fill(length) };
}

test("probes learn a readable label", async () => {
  const random = new Random(3);
  const train = dataset(random, 20, 40);
  const val = dataset(random, 4, 40);
  const testSet = dataset(random, 6, 40);
  const lines: string[] = [];
  const result = await trainProbes(train, val, testSet, { lr: 1e-2, epochs: 30, patience: 5, seed: 1, log: (l) => lines.push(l) });
  assert.ok(result.labels.player_x.accuracy > 0.9, `accuracy ${result.labels.player_x.accuracy}`);
  assert.ok(result.labels.player_x.f1 > 0.9, `f1 ${result.labels.player_x.f1}`);
  assert.ok(result.labels.enemy_score.accuracy < 0.9);
  assert.ok(lines.length >= 1);
  assert.ok(lines.length <= 30);
  assert.equal(result.referenceF1.player_x_f1, result.labels.player_x.f1);
  assert.equal(result.f1.categories.agent_localization, result.labels.player_x.f1);
  assert.equal(result.f1.categories.score_clock_lives_display, result.labels.enemy_score.f1);
  assert.equal(result.referenceF1.across_categories_avg_f1, (result.labels.player_x.f1 + result.labels.enemy_score.f1) / 2);
});

test("unreadable label stops early", async () => {
  const random = new Random(8);
  const train = dataset(random, 10, 30);
  const result = await trainProbes(train, dataset(random, 3, 30), dataset(random, 3, 30), { epochs: 100, patience: 3, seed: 2 });
  assert.equal(result.labels.enemy_score.stoppedEarly, true);
  assert.ok(result.labels.enemy_score.epochs < 100);
});

test("all-frames test sampling scores every frame", async () => {
  const random = new Random(4);
  const train = dataset(random, 8, 40);
  const testSet = dataset(random, 2, 50);
  const result = await trainProbes(train, dataset(random, 2, 40), testSet, { lr: 1e-2, epochs: 3, seed: 3, testSampling: "all-frames" });
  assert.ok(result.labels.player_x.accuracy >= 0);
  assert.ok(Number.isFinite(result.f1.acrossCategoriesAvg));
});

test("majority baseline predicts most frequent value", () => {
  const train = { labelNames: ["ball_x", "score"], labels: new Uint8Array([5, 1, 6, 2, 6, 2, 5, 1, 9, 3]) };
  // ball_x: 5 and 6 tie at 2, 5 came first; score: 1 and 2 tie, 1 came first.
  const testLabels = new Uint8Array([5, 1, 6, 1, 5, 2, 5, 1]);
  const result = majorityBaseline(train, { labels: testLabels });
  assert.equal(result.labels.ball_x.accuracy, 0.75);
  assert.equal(result.labels.score.accuracy, 0.75);
  // Weighted F1 of predicting 5 for [5, 6, 5, 5]: class 5 F1 = 6/7, weight 3/4.
  assert.ok(Math.abs(result.labels.ball_x.f1 - (3 / 4) * (6 / 7)) < 1e-12);
});

test("batched probe step matches float64 per-label math", () => {
  const random = new Random(6);
  const labels = 3;
  const batch = 5;
  const probes = new LinearProbes(labels, FEATURES, new Random(1));
  const w0 = Float64Array.from(probes.weights);
  const b0 = Float64Array.from(probes.biases);
  const x = Float32Array.from({ length: batch * FEATURES }, () => random.gaussian());
  const y = Uint8Array.from({ length: batch * labels }, () => random.integer(PROBE_CLASSES));
  const lr = 0.01;
  const result = probes.step(x, y, batch, [true, false, true], [lr, lr, lr]);
  assert.equal(result.loss[1], 0);
  for (const l of [0, 2]) {
    // Float64 loss and first Adam step: p -= lr * g / (|g| + eps) elementwise.
    let loss = 0;
    const gradB = new Float64Array(PROBE_CLASSES);
    for (let n = 0; n < batch; n++) {
      const logits = new Float64Array(PROBE_CLASSES);
      for (let c = 0; c < PROBE_CLASSES; c++) {
        let s = b0[l * PROBE_CLASSES + c];
        for (let f = 0; f < FEATURES; f++) s += w0[(l * PROBE_CLASSES + c) * FEATURES + f] * x[n * FEATURES + f];
        logits[c] = s;
      }
      const max = Math.max(...logits);
      const total = logits.reduce((a, v) => a + Math.exp(v - max), 0);
      const target = y[n * labels + l];
      loss += (max + Math.log(total) - logits[target]) / batch;
      for (let c = 0; c < PROBE_CLASSES; c++) gradB[c] += (Math.exp(logits[c] - max) / total - (c === target ? 1 : 0)) / batch;
    }
    assert.ok(Math.abs(result.loss[l] - loss) < 1e-5, `label ${l} loss ${result.loss[l]} vs ${loss}`);
    for (let c = 0; c < PROBE_CLASSES; c++) {
      const expected = b0[l * PROBE_CLASSES + c] - (lr * gradB[c]) / (Math.abs(gradB[c]) + 1e-5);
      assert.ok(Math.abs(probes.biases[l * PROBE_CLASSES + c] - expected) < 1e-5, `label ${l} bias ${c}`);
    }
  }
  // The inactive label keeps its parameters.
  assert.deepEqual(Float64Array.from(probes.biases.subarray(PROBE_CLASSES, 2 * PROBE_CLASSES)), b0.subarray(PROBE_CLASSES, 2 * PROBE_CLASSES));
  assert.equal(probes.steps[1], 0);
});

test("empty test split rejected", async () => {
  const random = new Random(5);
  const train = dataset(random, 4, 30);
  const val = dataset(random, 2, 30);
  const empty = dataset(random, 0, 30);
  await assert.rejects(
    trainProbes(train, val, empty, { epochs: 1, seed: 1 }),
    /the test split has no frames; collect more steps/,
  );
});
