import assert from "node:assert/strict";
import { test } from "node:test";

import { ReduceLROnPlateau } from "../../src/probe/plateau.ts";
import { EarlyStopping } from "../../src/stdim/early-stopping.ts";
import { batchesPerEpoch, sampleBatches, samplePairBatches } from "../../src/stdim/sampler.ts";
import { Random } from "../../src/stdim/random.ts";

test("early stopping after patience flat epochs", () => {
  const stopper = new EarlyStopping(3);
  // Scores: best at epoch 1; equal scores do not count as improvement.
  const scores = [0.5, 0.6, 0.6, 0.55, 0.59];
  const newBest = scores.map((s) => stopper.update(s));
  assert.deepEqual(newBest, [true, true, false, false, false]);
  assert.equal(stopper.counter, 3);
  assert.equal(stopper.stopped, true);
  assert.equal(stopper.bestScore, 0.6);
});

test("early stopping counter resets on improvement", () => {
  const stopper = new EarlyStopping(3);
  // -3 best, -3.1 bad (1), -2.9 best (0), -3 bad (1), -2.95 bad (2).
  for (const s of [-3, -3.1, -2.9, -3, -2.95]) stopper.update(s);
  assert.equal(stopper.stopped, false);
  assert.equal(stopper.counter, 2);
  assert.equal(stopper.bestScore, -2.9);
  const restored = EarlyStopping.fromState(stopper.state());
  assert.equal(restored.counter, 2);
  restored.update(-2.95);
  assert.equal(restored.stopped, true);
});

test("early stopping patience 15 on scripted curve", () => {
  const stopper = new EarlyStopping(15);
  // Rises for 10 epochs, then stays flat: stops at epoch 10 + 15 = 25.
  let stoppedAt = -1;
  for (let epoch = 0; epoch < 40 && stoppedAt < 0; epoch++) {
    stopper.update(Math.min(epoch, 10) / 10);
    if (stopper.stopped) stoppedAt = epoch;
  }
  assert.equal(stoppedAt, 25);
  assert.throws(() => stopper.update(NaN), /NaN/);
  assert.throws(() => new EarlyStopping(0), /positive integer/);
});

test("plateau reduces after six flat epochs", () => {
  const scheduler = new ReduceLROnPlateau(3e-4);
  const lrs = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5].map((s) => scheduler.step(s));
  // Epoch 0 sets the best; epochs 1..5 are bad (5 = patience, not more).
  assert.deepEqual(lrs, [3e-4, 3e-4, 3e-4, 3e-4, 3e-4, 3e-4]);
  assert.ok(Math.abs(scheduler.step(0.5) - 6e-5) < 1e-18);
});

test("plateau needs relative improvement", () => {
  const scheduler = new ReduceLROnPlateau(1e-3);
  scheduler.step(0.8);
  // 0.80005 is not above 0.8 * 1.0001 = 0.80008, so it is a bad epoch.
  scheduler.step(0.80005);
  assert.equal(scheduler.badEpochs, 1);
  assert.equal(scheduler.best, 0.8);
  scheduler.step(0.81);
  assert.equal(scheduler.badEpochs, 0);
  assert.equal(scheduler.best, 0.81);
});

test("plateau stops at minimum lr", () => {
  const scheduler = new ReduceLROnPlateau(3e-4);
  const trace: number[] = [];
  for (let epoch = 0; epoch < 40; epoch++) trace.push(scheduler.step(0.1));
  // Reductions at epochs 6, 12 and 18: 3e-4 -> 6e-5 -> 1.2e-5 -> 1e-5.
  assert.ok(Math.abs(trace[5] - 3e-4) < 1e-18);
  assert.ok(Math.abs(trace[6] - 6e-5) < 1e-18);
  assert.ok(Math.abs(trace[11] - 6e-5) < 1e-18);
  assert.ok(Math.abs(trace[12] - 1.2e-5) < 1e-18);
  assert.equal(trace[18], 1e-5);
  assert.equal(trace[39], 1e-5);
});

test("sampler epoch size and ranges", () => {
  const lengths = [70, 100, 90];
  const batches = [...sampleBatches(lengths, 64, new Random(1))];
  assert.equal(batches.length, Math.floor(260 / 64));
  assert.equal(batchesPerEpoch(lengths, 64), 4);
  for (const { episodes, steps } of batches) {
    for (let i = 0; i < 64; i++) {
      assert.ok(episodes[i] >= 0, `episode ${episodes[i]}`);
      assert.ok(episodes[i] < 3, `episode ${episodes[i]}`);
      assert.ok(steps[i] >= 0, `step ${steps[i]}`);
      assert.ok(steps[i] < lengths[episodes[i]], `step ${steps[i]} of episode ${episodes[i]}`);
    }
  }
});

test("pair sampler next-step never wraps", () => {
  const lengths = [3, 2, 5];
  let sawFirst = false;
  for (const batch of samplePairBatches(lengths, 2, new Random(4), "next-step")) {
    for (let i = 0; i < 2; i++) {
      assert.ok(batch.steps[i] >= 1);
      assert.equal(batch.previousSteps[i], batch.steps[i] - 1);
      if (batch.steps[i] === 1) sawFirst = true;
    }
  }
  assert.ok(sawFirst);
  assert.throws(() => [...samplePairBatches([1, 4], 2, new Random(1))], /episode 0 has 1 frames, needs at least 2/);
});

test("pair sampler reference wraps to last frame", () => {
  const lengths = [4, 6];
  let wrapped = 0;
  for (let seed = 0; seed < 20; seed++) {
    for (const batch of samplePairBatches(lengths, 5, new Random(seed), "reference")) {
      for (let i = 0; i < 5; i++) {
        if (batch.steps[i] === 0) {
          wrapped++;
          assert.equal(batch.previousSteps[i], lengths[batch.episodes[i]] - 1);
        } else {
          assert.equal(batch.previousSteps[i], batch.steps[i] - 1);
        }
      }
    }
  }
  assert.ok(wrapped > 0);
});

test("sampler episode draws are uniform", () => {
  const counts = [0, 0, 0, 0];
  for (const { episodes } of sampleBatches([100, 100, 100, 100], 50, new Random(2))) {
    for (const e of episodes) counts[e]++;
  }
  for (const c of counts) assert.ok(c > 70 && c < 130, `count ${c}`);
});
