import assert from "node:assert/strict";
import { test } from "node:test";
import { collectRandomRollouts, getEpisodes } from "../../src/atariari/collect.ts";
import { labelTable } from "../../src/atariari/labels.ts";
import { AleEnv } from "../../src/env/ale-env.ts";
import { ChannelsFirst } from "../../src/env/wrappers/channels-first.ts";
import { Grayscale } from "../../src/env/wrappers/grayscale.ts";
import { VectorEnv } from "../../src/env/vector.ts";
import { FakeEmulator, type FakeScript } from "../env/fake-emulator.ts";

const ROM = new Uint8Array(2048);

/** Copies of a one-frame-per-step fake game that ends after `gameOverAt` frames. */
function fakeVector(count: number, script: (copy: number) => FakeScript) {
  const emulators: FakeEmulator[] = [];
  const envs = Array.from({ length: count }, (_, copy) => {
    const ale = new FakeEmulator({ height: 1, ...script(copy) });
    emulators.push(ale);
    return new ChannelsFirst(new Grayscale(new AleEnv(ale, ROM)));
  });
  return { vec: new VectorEnv(envs, labelTable("pong")), emulators };
}

test("rollout episode boundaries", async () => {
  const { vec, emulators } = fakeVector(2, () => ({ gameOverAt: 100 }));
  const set = await collectRandomRollouts(vec, { steps: 1000, seed: 5 });
  // Per copy: steps 1..99, then four episodes of the reset frame plus 99
  // steps, then the reset frame after step 500 ends the fifth game.
  assert.deepEqual(set.episodes.map((e) => e.length), [99, 100, 100, 100, 100, 1, 99, 100, 100, 100, 100, 1]);
  assert.deepEqual(set.frameShape, [1, 1, 160]);
  assert.equal(set.labelNames.length, 8);
  // Never NOOP: every act is one of the non-zero minimal actions.
  const acts = emulators[0].log.filter((entry) => entry.startsWith("act"));
  assert.equal(acts.length, 500);
  assert.ok(acts.every((entry) => entry !== "act 0"));
  assert.equal(new Set(acts).size, 5);
});

test("rollout labels of ending step", async () => {
  const { vec } = fakeVector(1, () => ({ gameOverAt: 10 }));
  const set = await collectRandomRollouts(vec, { steps: 20, seed: 1 });
  const [first, second] = set.episodes;
  const playerY = set.labelNames.indexOf("player_y");
  // player_y is RAM 51; the fake's RAM byte i after episode frame f is f + i.
  assert.equal(first.labels[0 * 8 + playerY], 1 + 51);
  // The next episode opens with the reset screen but the labels of frame 10.
  assert.equal(second.frames[0], 1); // grey of (0, 1, 2)
  assert.equal(second.labels[playerY], 10 + 51);
  assert.equal(second.labels[8 + playerY], 1 + 51);
});

test("rollout same for any copy count", async () => {
  const script = (copy: number) => ({ gameOverAt: 30 + 7 * copy, screenOffset: copy * 3 });
  const one = await collectRandomRollouts(fakeVector(1, script).vec, { steps: 200, seed: 9 });
  const four = await collectRandomRollouts(fakeVector(4, script).vec, { steps: 800, seed: 9 });
  const copyZero = four.episodes.slice(0, one.episodes.length);
  assert.deepEqual(copyZero, one.episodes);
});

test("get episodes filters and splits", async () => {
  // Copy i draws screens offset by 40 i. The fake's screens are one grey
  // value each, so test frames may still repeat train frames; every test
  // frame that is kept must not.
  const ram = (frame: number) => {
    const bytes = new Uint8Array(128);
    bytes[51] = frame % 50; // player_y: high entropy
    bytes[46] = 3; // player_x: constant, entropy 0
    return bytes;
  };
  const { vec } = fakeVector(10, (copy) => ({ gameOverAt: 80, screenOffset: 40 * copy, ram }));
  const result = await getEpisodes(vec, { steps: 1600, seed: 42 });
  // Per copy: 79, 80 and a last one of 1 frame; 20 episodes survive the length filter.
  assert.equal(result.episodesCollected, 30);
  assert.equal(result.episodesKept, 20);
  assert.ok(result.droppedLabels.includes("player_x"));
  assert.ok(!result.droppedLabels.includes("player_y"));
  assert.equal(result.entropies.player_x, 0);
  assert.equal(result.train.episodes.length, 14);
  assert.equal(result.validation.episodes.length, 2);
  const seen = new Set<string>();
  for (const episode of [...result.train.episodes, ...result.validation.episodes]) {
    for (let t = 0; t < episode.length; t++) seen.add(episode.frames.subarray(t * 160, t * 160 + 160).join());
  }
  let testFrames = 0;
  for (const episode of result.test.episodes) {
    for (let t = 0; t < episode.length; t++) {
      assert.ok(!seen.has(episode.frames.subarray(t * 160, t * 160 + 160).join()));
      testFrames++;
    }
  }
  // Four test episodes of 79 or 80 frames before duplicates went.
  const testFramesBeforeRemoval = testFrames + result.duplicatesRemoved;
  assert.ok(testFramesBeforeRemoval >= 4 * 79, `${testFramesBeforeRemoval} test frames`);
  assert.ok(testFramesBeforeRemoval <= 4 * 80, `${testFramesBeforeRemoval} test frames`);
  assert.deepEqual(result.train.labelNames, result.test.labelNames);
  assert.ok(!result.train.labelNames.includes("player_x"));
});

test("get episodes removes duplicates", async () => {
  // Every copy draws the same screens, so test frames all repeat train frames.
  const { vec } = fakeVector(10, () => ({ gameOverAt: 80 }));
  const result = await getEpisodes(vec, { steps: 1600, seed: 42 });
  assert.equal(result.test.episodes.length, 0);
  assert.ok(result.duplicatesRemoved > 0);
});

test("get episodes encoder mode", async () => {
  const { vec } = fakeVector(5, (copy) => ({ gameOverAt: 70, screenOffset: copy }));
  const result = await getEpisodes(vec, { steps: 1000, seed: 3, mode: "encoder", shuffle: false });
  assert.equal(result.episodesKept, 10);
  assert.equal(result.train.episodes.length, 8);
  assert.equal(result.validation.episodes.length, 2);
  assert.equal(result.test.episodes.length, 0);
});

test("get episodes too short", async () => {
  const { vec } = fakeVector(1, () => ({ gameOverAt: 20 }));
  await assert.rejects(getEpisodes(vec, { steps: 100 }), /no episode is longer than 64 frames/);
});
