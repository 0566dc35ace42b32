import assert from "node:assert/strict";
import { test } from "node:test";
import { AleEnv } from "../../src/env/ale-env.ts";
import { Random } from "../../src/env/random.ts";
import { ChannelsFirst } from "../../src/env/wrappers/channels-first.ts";
import { ClipReward } from "../../src/env/wrappers/clip-reward.ts";
import { EpisodicLife } from "../../src/env/wrappers/episodic-life.ts";
import { FireReset } from "../../src/env/wrappers/fire-reset.ts";
import { FrameStack } from "../../src/env/wrappers/frame-stack.ts";
import { Grayscale } from "../../src/env/wrappers/grayscale.ts";
import { AtariLabels } from "../../src/env/wrappers/labels.ts";
import { MaxAndSkip } from "../../src/env/wrappers/max-and-skip.ts";
import { NoopReset } from "../../src/env/wrappers/noop-reset.ts";
import { Resize } from "../../src/env/wrappers/resize.ts";
import { labelTable } from "../../src/atariari/labels.ts";
import { grayOf } from "../../src/env/image.ts";
import { makeAtariEnv } from "../../src/env/make.ts";
import { NTSC_PALETTE } from "../../src/env/palettes.ts";
import { FakeEmulator, type FakeScript } from "./fake-emulator.ts";

const ROM = new Uint8Array(2048);

function fakeEnv(script: FakeScript = {}, maxEpisodeFrames?: number) {
  const ale = new FakeEmulator(script);
  const env = new AleEnv(ale, ROM, { maxEpisodeFrames });
  ale.takeLog();
  return { ale, env };
}

/** Value of every R byte of the fake's screen after episode frame f. */
const red = (frame: number) => (frame * 10) % 256;

test("base env settings and actions", () => {
  const { ale, env } = fakeEnv();
  assert.equal(ale.settings.get("repeat_action_probability"), 0);
  assert.equal(ale.settings.get("frame_skip"), 1);
  assert.deepEqual(env.actionMeanings, ["NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"]);
  assert.deepEqual(env.observationShape, [2, 160, 3]);
  env.reset();
  env.step(4);
  assert.deepEqual(ale.takeLog(), ["reset", "act 11"]);
  assert.throws(() => env.step(6), /invalid action 6/);
});

test("base env seed reloads the ROM", () => {
  const { ale, env } = fakeEnv();
  env.reset({ seed: 7 });
  assert.deepEqual(ale.takeLog(), ["load"]);
  assert.equal(ale.settings.get("random_seed"), new Random(7).nextU32() & 0x7fffffff);
  const first = [env.actionSpace.sample(), env.actionSpace.sample(), env.rng.nextU32()];
  env.reset({ seed: 7 });
  assert.deepEqual([env.actionSpace.sample(), env.actionSpace.sample(), env.rng.nextU32()], first);
});

test("base env truncates at frame limit", () => {
  const { env } = fakeEnv({}, 3);
  env.reset();
  assert.equal(env.step(0).truncated, false);
  assert.equal(env.step(0).truncated, false);
  assert.equal(env.step(0).truncated, true);
  env.reset();
  assert.equal(env.step(0).truncated, false);
});

test("base env observation read late throws", () => {
  const { env } = fakeEnv();
  env.reset();
  const first = env.step(0);
  const second = env.step(0);
  assert.equal(second.observation[0], red(2));
  assert.throws(() => first.observation, /read it first/);
});

test("noop reset takes drawn NOOP count", () => {
  const { ale, env } = fakeEnv();
  const wrapped = new NoopReset(env, 30);
  const result = wrapped.reset({ seed: 3 });
  const expected = new Random(3).integer(1, 31);
  const log = ale.takeLog();
  assert.equal(log[0], "load");
  assert.equal(log.length, 1 + expected);
  assert.ok(log.slice(1).every((entry) => entry === "act 0"));
  assert.equal(result.observation[0], red(expected));
});

test("noop reset resets on game over", () => {
  const { ale, env } = fakeEnv({ gameOverAt: 2 });
  const wrapped = new NoopReset(env, 1);
  // With noopMax 1 the count is always 1; a 2-frame game never ends in one NOOP.
  wrapped.reset();
  assert.deepEqual(ale.takeLog(), ["reset", "act 0"]);
  const { env: env2, ale: ale2 } = fakeEnv({ gameOverAt: 1 });
  const result = new NoopReset(env2, 1).reset();
  assert.deepEqual(ale2.takeLog(), ["reset", "act 0", "reset"]);
  assert.equal(result.observation[0], red(0));
});

test("max and skip maxes last two frames", () => {
  // Rewards 1, 2, 3, 4 on frames 1..4; screens rise with the frame, so the
  // maximum is frame 4's, and frame 3's must be what it is compared with.
  const { ale, env } = fakeEnv({ reward: (frame) => frame, height: 1 });
  const wrapped = new MaxAndSkip(env, 4);
  env.reset();
  ale.takeLog();
  const result = wrapped.step(1);
  assert.deepEqual(ale.takeLog(), ["act 1", "act 1", "act 1", "act 1"]);
  assert.equal(result.reward, 10);
  assert.equal(result.observation[0], red(4));
  assert.equal(result.observation[1], red(4) + 1);
});

test("max and skip takes flickering maximum", () => {
  const ale = new FakeEmulator({ height: 1 });
  // Flicker: odd frames bright (200), even frames dark (10).
  ale.getScreenRGB = (out = new Uint8Array(480)) => out.fill(ale.episodeFrame % 2 ? 200 : 10);
  const env = new AleEnv(ale, ROM);
  const wrapped = new MaxAndSkip(env, 4);
  env.reset();
  assert.equal(wrapped.step(0).observation[5], 200);
});

test("max and skip early end keeps stale buffer", () => {
  const { env } = fakeEnv({ gameOverAt: 7, reward: () => 1, height: 1 });
  const wrapped = new MaxAndSkip(env, 4);
  env.reset();
  const first = wrapped.step(0);
  assert.equal(first.observation[0], red(4));
  // Frames 5, 6 and 7 run, then the game ends. Frame 7 fills the third slot
  // (i = skip - 2), so it becomes "previous"; "last" still contains frame 4.
  const second = wrapped.step(0);
  assert.equal(second.terminated, true);
  assert.equal(second.reward, 3);
  assert.equal(second.observation[0], Math.max(red(4), red(7)));
  assert.equal(second.observation[0], red(7));

  // An end on the second frame updates neither slot: frames 3 and 4 remain.
  const { env: env2 } = fakeEnv({ gameOverAt: 6, height: 1 });
  const wrapped2 = new MaxAndSkip(env2, 4);
  env2.reset();
  wrapped2.step(0);
  assert.equal(wrapped2.step(0).observation[0], red(4));
});

test("episodic life ends on lost life", () => {
  // 3 lives, one lost after frame 2; game over after frame 4.
  const lives = (frame: number) => {
    if (frame < 2) return 3;
    if (frame < 4) return 2;
    return 0;
  };
  const { ale, env } = fakeEnv({ lives, gameOverAt: 4 });
  const wrapped = new EpisodicLife(env);
  wrapped.reset();
  assert.equal(wrapped.step(0).terminated, false);
  assert.equal(wrapped.step(0).terminated, true);
  ale.takeLog();
  // Not a real end: one NOOP step instead of a reset.
  const after = wrapped.reset();
  assert.deepEqual(ale.takeLog(), ["act 0"]);
  assert.equal(after.info.lives, 2);
  const last = wrapped.step(0);
  assert.equal(last.terminated, true);
  wrapped.reset();
  assert.deepEqual(ale.takeLog(), ["act 0", "reset"]);
});

test("episodic life ignores lives at zero", () => {
  const lives = (frame: number) => (frame < 1 ? 1 : 0);
  const { env } = fakeEnv({ lives });
  const wrapped = new EpisodicLife(env);
  wrapped.reset();
  assert.equal(wrapped.step(0).terminated, false);
});

test("fire reset presses FIRE then action 2", () => {
  const { ale, env } = fakeEnv();
  const wrapped = new FireReset(env);
  const result = wrapped.reset();
  assert.deepEqual(ale.takeLog(), ["reset", "act 1", "act 3"]);
  assert.equal(result.observation[0], red(2));
});

test("fire reset resets when FIRE ends game", () => {
  const { ale, env } = fakeEnv({ gameOverAt: 1 });
  new FireReset(env).reset();
  assert.deepEqual(ale.takeLog(), ["reset", "act 1", "reset", "act 3", "reset"]);
});

test("fire reset rejects games without FIRE", () => {
  const { env } = fakeEnv({ minimalActions: [0, 2, 5] });
  assert.throws(() => new FireReset(env), /action 1 to be FIRE/);
});

test("clip reward keeps only sign", () => {
  const rewards = [5, -3, 0, 1];
  const { env } = fakeEnv({ reward: (frame) => rewards[frame - 1] });
  const wrapped = new ClipReward(env);
  wrapped.reset();
  assert.deepEqual(
    rewards.map(() => wrapped.step(0).reward),
    [1, -1, 0, 1],
  );
});

test("grayscale converts each pixel", () => {
  const { env } = fakeEnv({ height: 1 });
  const wrapped = new Grayscale(env);
  assert.deepEqual(wrapped.observationShape, [1, 160, 1]);
  wrapped.reset();
  // Frame 1: R = 10, G = 11, B = 12: (10*9798 + 11*19235 + 12*3735 + 16384) >> 15 = 11.
  const observation = wrapped.step(0).observation;
  assert.equal(observation.length, 160);
  assert.equal(observation[0], 11);
  // Frame 2: (20, 21, 22) -> (20*9798 + 21*19235 + 22*3735 + 16384) >> 15 = 21.
  assert.equal(wrapped.step(0).observation[0], 21);
});

test("resize and channels first layout", () => {
  const { env } = fakeEnv({ height: 4 });
  const resized = new Resize(env, 2, 80);
  assert.deepEqual(resized.observationShape, [2, 80, 3]);
  const first = new ChannelsFirst(resized);
  assert.deepEqual(first.observationShape, [3, 2, 80]);
  first.reset();
  const observation = first.step(0).observation;
  // Every pixel of frame 1 is (10, 11, 12); planes follow one another.
  assert.equal(observation[0], 10);
  assert.equal(observation[159], 10);
  assert.equal(observation[160], 11);
  assert.equal(observation[320], 12);
  assert.throws(() => new Resize(env, 5, 84), /only shrinks/);
});

test("frame stack shifts and zero fills", () => {
  const { env } = fakeEnv({ height: 1 });
  const stacked = new FrameStack(new ChannelsFirst(new Grayscale(env)), 3);
  assert.deepEqual(stacked.observationShape, [3, 1, 160]);
  const gray = (frame: number) => grayOf(red(frame), red(frame) + 1, red(frame) + 2);
  const start = stacked.reset().observation;
  assert.deepEqual([start[0], start[160], start[320]], [0, 0, gray(0)]);
  const one = stacked.step(0).observation;
  assert.deepEqual([one[0], one[160], one[320]], [0, gray(0), gray(1)]);
  const two = stacked.step(0).observation;
  assert.deepEqual([two[0], two[160], two[320]], [gray(0), gray(1), gray(2)]);
  const three = stacked.step(0).observation;
  assert.deepEqual([three[0], three[160], three[320]], [gray(1), gray(2), gray(3)]);
  assert.equal(one[320], gray(1), "earlier observations are copies");
  stacked.reset();
  const again = stacked.step(0).observation;
  assert.deepEqual([again[0], again[160], again[320]], [0, gray(0), gray(1)]);
});

test("labels read from RAM after step", () => {
  const { env } = fakeEnv();
  const table = labelTable("pong");
  const wrapped = new MaxAndSkip(new AtariLabels(env, table), 2);
  wrapped.reset();
  const labels = wrapped.step(0).info.labels!;
  // RAM byte i after frame 2 of the fake is 2 + i; pong's player_y is RAM 51.
  assert.equal(labels.player_y, 53);
  assert.deepEqual(Object.keys(labels), table.names);
});

/** A fake whose screens are real palette colours, with getScreen, for the palette path. */
function paletteFake(script: FakeScript) {
  const ale: FakeEmulator & { getScreen?(out?: Uint8Array): Uint8Array } =
    new FakeEmulator({ height: 1, ...script });
  const index = (pixel: number) => ((ale.episodeFrame * 6 + (pixel % 7) * 2) & 0xfe) % 256;
  ale.getScreen = (out = new Uint8Array(160)) => {
    for (let p = 0; p < 160; p++) out[p] = index(p);
    return out;
  };
  ale.getScreenRGB = (out = new Uint8Array(480)) => {
    for (let p = 0; p < 160; p++) {
      const rgb = NTSC_PALETTE[index(p)];
      out.set([rgb >>> 16, (rgb >>> 8) & 0xff, rgb & 0xff], 3 * p);
    }
    return out;
  };
  return ale;
}

test("palette chain equals RGB chain", () => {
  // Game over after 9 frames ends a step after its first frame, so the
  // stale-buffer case of max-and-skip is part of the comparison.
  for (const color of [false, true]) {
    const runs = (["rgb", "palette"] as const).map((screen) => {
      const env = makeAtariEnv(paletteFake({ gameOverAt: 9, lives: () => 0 }), ROM, "pong", { screen, color });
      const frames = [env.reset({ seed: 1 }).observation];
      for (let t = 0; t < 12; t++) {
        const step = env.step(1 + (t % 5));
        frames.push(step.observation);
        if (step.terminated || step.truncated) frames.push(env.reset().observation);
      }
      return frames;
    });
    assert.deepEqual(runs[1], runs[0], `color ${color}`);
  }
});
