import assert from "node:assert/strict";
import { test } from "node:test";
import {
  dropLowEntropyLabels,
  dropShortEpisodes,
  labelEntropies,
  removeDuplicateFrames,
  shuffledOrder,
  splitForEncoder,
  splitForProbe,
  type Episode,
  type EpisodeSet,
} from "../../src/atariari/episodes.ts";

/** Builds an episode of 2-byte frames [id, t] with one label column equal to `label(t)`. */
function episode(id: number, length: number, label: (t: number) => number = (t) => t): Episode {
  const frames = new Uint8Array(length * 2);
  const labels = new Uint8Array(length);
  for (let t = 0; t < length; t++) {
    frames[2 * t] = id;
    frames[2 * t + 1] = t;
    labels[t] = label(t);
  }
  return { length, frames, labels };
}

function set(episodes: Episode[], labelNames = ["a"]): EpisodeSet {
  return { frameShape: [1, 1, 2], labelNames, episodes };
}

test("numpy shuffle order", () => {
  // numpy: i = np.arange(n); np.random.RandomState(seed).shuffle(i)
  assert.deepEqual(shuffledOrder(10, 42), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
  assert.deepEqual(
    shuffledOrder(37, 0),
    [22, 20, 16, 10, 31, 28, 15, 11, 2, 25, 30, 32, 36, 34, 29, 33, 8, 13, 5, 17, 14, 7, 27, 1, 12, 26, 24, 6, 23, 4, 18, 21, 19, 9, 35, 3, 0],
  );
  assert.deepEqual(shuffledOrder(1, 42), [0]);
  assert.deepEqual(shuffledOrder(0, 42), []);
});

test("short episodes dropped", () => {
  const kept = dropShortEpisodes(set([episode(0, 64), episode(1, 65), episode(2, 3)]), 64);
  assert.deepEqual(kept.episodes.map((e) => e.length), [65]);
});

test("entropy in nats", () => {
  // Two equally likely values: ln 2. Four: ln 4. One value: 0.
  const entropies = labelEntropies(
    set([
      { length: 4, frames: new Uint8Array(8), labels: Uint8Array.of(0, 0, 7, 0, 1, 7, 1, 2, 7, 1, 3, 7) },
    ], ["two", "four", "one"]),
  );
  assert.ok(Math.abs(entropies.get("two")! - Math.log(2)) < 1e-12);
  assert.ok(Math.abs(entropies.get("four")! - Math.log(4)) < 1e-12);
  assert.equal(entropies.get("one"), 0);
});

test("low entropy labels dropped", () => {
  // Column "rare": 1 in 10 frames is 1, entropy 0.325 < 0.6; column "t" is
  // uniform over 10 values, entropy ln 10.
  const labels = new Uint8Array(20);
  for (let t = 0; t < 10; t++) {
    labels[2 * t] = t === 3 ? 1 : 0;
    labels[2 * t + 1] = t;
  }
  const result = dropLowEntropyLabels(
    set([{ length: 10, frames: new Uint8Array(20), labels }], ["rare", "t"]),
    0.6,
  );
  assert.deepEqual(result.dropped, ["rare"]);
  assert.deepEqual(result.set.labelNames, ["t"]);
  assert.deepEqual([...result.set.episodes[0].labels], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(Math.abs(result.entropies.get("rare")! - 0.3250829733914482) < 1e-12);
});

test("probe split sizes", () => {
  const episodes = Array.from({ length: 10 }, (_, i) => episode(i, 5));
  const order = shuffledOrder(10, 42);
  const splits = splitForProbe(set(episodes), order);
  assert.deepEqual(splits.train.episodes.map((e) => e.frames[0]), [8, 1, 5, 0, 7, 2, 9]);
  assert.deepEqual(splits.validation.episodes.map((e) => e.frames[0]), [4]);
  assert.deepEqual(splits.test.episodes.map((e) => e.frames[0]), [3, 6]);
  assert.equal(splits.duplicatesRemoved, 0);
  assert.throws(() => splitForProbe(set(episodes.slice(0, 1)), [0]), /too few/);
});

test("encoder split sizes", () => {
  const episodes = Array.from({ length: 7 }, (_, i) => episode(i, 3));
  const splits = splitForEncoder(set(episodes), [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(splits.train.episodes.length, 5);
  assert.equal(splits.validation.episodes.length, 2);
  assert.throws(() => splitForEncoder(set(episodes.slice(0, 1)), [0]), /too few/);
});

test("duplicate test frames removed", () => {
  // Test episode 9 repeats train frame [0, 2] and validation frame [7, 1].
  const test9 = episode(9, 4);
  test9.frames.set([0, 2], 0);
  test9.frames.set([7, 1], 4);
  const episodes = [...Array.from({ length: 8 }, (_, i) => episode(i, 3)), episode(8, 3), test9];
  const splits = splitForProbe(set(episodes), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(splits.duplicatesRemoved, 2);
  const kept = splits.test.episodes.find((e) => e.frames[2] === 9)!;
  assert.equal(kept.length, 2);
  assert.deepEqual([...kept.frames], [9, 1, 9, 3]);
  assert.deepEqual([...kept.labels], [1, 3]);
});

test("test episodes of one frame dropped", () => {
  const lonely = episode(9, 2);
  lonely.frames.set([0, 0], 0);
  const { episodes, removed } = removeDuplicateFrames([lonely], [episode(0, 3)], 2, 1);
  assert.equal(removed, 1);
  assert.equal(episodes[0].length, 1);
  const splits = splitForProbe(
    set([...Array.from({ length: 8 }, (_, i) => episode(i, 3)), episode(8, 3), lonely]),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(splits.test.episodes.map((e) => e.frames[0]), [8]);
});
