import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ALEInterface } from "../../src/ale/index.ts";
import { collectRandomRollouts } from "../../src/atariari/collect.ts";
import { labelTable, readLabels } from "../../src/atariari/labels.ts";
import { AleEnv } from "../../src/env/ale-env.ts";
import { createAtariEnv, createAtariVectorEnv } from "../../src/env/atari.ts";
import { grayOf } from "../../src/env/image.ts";
import { openAtariVectorEnv } from "../../src/env/node.ts";
import { Random } from "../../src/env/random.ts";
import { readTrace, sharedPath } from "./helpers.ts";

const romDir = sharedPath("roms");
const rom = (game: string) => new Uint8Array(readFileSync(join(romDir, `${game}.bin`)));
const palette: number[][] = JSON.parse(readFileSync(sharedPath("ale-traces/ntsc-palette.json"), "utf8")).rgb;

test("base env replays pong trace", async () => {
  const trace = readTrace("pong");
  const env = new AleEnv(await ALEInterface.create(), rom("pong"), { maxEpisodeFrames: 0 });
  const indexOf = new Map(trace.game.minimal_action_set.map((id: number, i: number) => [id, i]));
  env.reset({ seed: 0 });
  const table = labelTable("pong");
  for (let record = 1; record <= 300; record++) {
    const result = env.step(indexOf.get(trace.action[record]) as number);
    assert.equal(result.reward, trace.reward[record], `reward at record ${record}`);
    const ram = env.ale.getRAM();
    assert.equal(Buffer.from(ram).toString("hex"), trace.ram[record], `RAM at record ${record}`);
    assert.deepEqual(readLabels(table, ram), readLabels(table, Buffer.from(trace.ram[record], "hex")));
    if (record === 250) {
      const screen = Buffer.from(trace.screens.find((s: { record: number }) => s.record === 250).pixels_b64, "base64");
      const rgb = result.observation;
      for (let p = 0; p < screen.length; p += 97) {
        assert.deepEqual([...rgb.subarray(p * 3, p * 3 + 3)], palette[screen[p] >> 1], `pixel ${p}`);
      }
    }
  }
});

test("pong chain reset and step", async () => {
  const env = await createAtariEnv({ game: "PongNoFrameskip-v4", rom: rom("pong") });
  assert.deepEqual(env.observationShape, [1, 210, 160]);
  assert.equal(env.actionSpace.n, 6);
  const reset = env.reset({ seed: 4 });
  // No-ops, then FIRE and action 2 of four frames each.
  const noops = new Random(4).integer(1, 31);
  assert.equal(reset.info.frameNumber, noops + 8);
  assert.equal(reset.observation.length, 210 * 160);
  const step = env.step(2);
  assert.equal(step.info.frameNumber, noops + 12);
  const ram = env.unwrapped.ale.getRAM();
  assert.deepEqual(step.info.labels, readLabels(labelTable("pong"), ram));
  // The observation is grey of the channel-wise max of the last two frames;
  // check it against the current frame where both frames agree.
  const current = env.unwrapped.ale.getScreenRGB();
  let agreeing = 0;
  for (let p = 0; p < 210 * 160; p++) {
    const value = grayOf(current[3 * p], current[3 * p + 1], current[3 * p + 2]);
    if (step.observation[p] === value) agreeing++;
  }
  assert.ok(agreeing > 0.95 * 210 * 160, `${agreeing} pixels agree`);
});

test("same seed same frames", async () => {
  const env = await createAtariEnv({ game: "breakout", rom: rom("breakout"), downsample: true });
  assert.deepEqual(env.observationShape, [1, 84, 84]);
  const run = () => {
    const frames = [env.reset({ seed: 9 }).observation];
    for (let t = 0; t < 20; t++) frames.push(env.step(1 + (t % 3)).observation);
    return frames;
  };
  assert.deepEqual(run(), run());
});

test("vector env deterministic across N and threads", async () => {
  const spec = { game: "pong", rom: rom("pong") };
  const one = await collectRandomRollouts(await createAtariVectorEnv(spec, 1), { steps: 40, seed: 5 });
  const three = await collectRandomRollouts(await createAtariVectorEnv(spec, 3), { steps: 120, seed: 5 });
  assert.deepEqual(three.episodes[0], one.episodes[0]);
  const { vec } = await openAtariVectorEnv({ game: "pong", romDir, numEnvs: 3, threads: 2, env: {} });
  try {
    const threaded = await collectRandomRollouts(vec, { steps: 120, seed: 5 });
    assert.deepEqual(threaded, three);
  } finally {
    await vec.close();
  }
});

test("palette path equals RGB path", async () => {
  const cases = [
    { game: "pong", options: {} },
    { game: "ms_pacman", options: {} },
    { game: "breakout", options: { downsample: true } },
    { game: "ms_pacman", options: { color: true } },
    { game: "freeway", options: { downsample: true, color: true, frameStack: 2 } },
  ];
  for (const { game, options } of cases) {
    const runs = [];
    for (const screen of ["rgb", "palette"] as const) {
      const env = await createAtariEnv({ game, rom: rom(game), screen, ...options });
      const frames = [env.reset({ seed: 2 }).observation];
      for (let t = 0; t < 40; t++) frames.push(env.step(1 + ((t * 7) % (env.actionSpace.n - 1))).observation);
      runs.push(frames);
    }
    assert.deepEqual(runs[1], runs[0], `${game} ${JSON.stringify(options)}`);
  }
});

test("batched vector equals unbatched", async () => {
  for (const game of ["pong", "ms_pacman"]) {
    const spec = { game, rom: rom(game) };
    const batched = await createAtariVectorEnv(spec, 3);
    assert.equal(batched.batched, true);
    assert.equal(batched.batchedGray, true);
    const plain = await createAtariVectorEnv({ ...spec, screen: "rgb" }, 3);
    assert.equal(plain.batched, false);
    const a = await collectRandomRollouts(batched, { steps: 300, seed: 8 });
    const b = await collectRandomRollouts(plain, { steps: 300, seed: 8 });
    assert.deepEqual(a, b, game);
  }
});

test("batched colour and resize equal unbatched", async () => {
  // These chains take the batch's frames but convert them in JavaScript.
  for (const options of [{ color: true }, { downsample: true }]) {
    const spec = { game: "ms_pacman", rom: rom("ms_pacman"), ...options };
    const batched = await createAtariVectorEnv(spec, 2);
    assert.equal(batched.batched, true);
    assert.equal(batched.batchedGray, false);
    const plain = await createAtariVectorEnv({ ...spec, screen: "rgb" }, 2);
    const a = await collectRandomRollouts(batched, { steps: 60, seed: 8 });
    const b = await collectRandomRollouts(plain, { steps: 60, seed: 8 });
    assert.deepEqual(a, b, JSON.stringify(options));
  }
});

test("batched vector respects frame limit", async () => {
  // A limit of 50 frames after random NOOPs can cut a step off mid-skip.
  // ms_pacman has no FIRE, so after such a step nothing but the batch
  // writes the frame pair before the next full step.
  for (const game of ["breakout", "ms_pacman"]) {
    const spec = { game, rom: rom(game), maxEpisodeFrames: 50 };
    const batched = await createAtariVectorEnv(spec, 2);
    const plain = await createAtariVectorEnv({ ...spec, screen: "rgb" }, 2);
    assert.equal(batched.batched, true);
    await batched.reset(3);
    await plain.reset(3);
    for (let t = 0; t < 40; t++) {
      const actions = [1 + (t % 3), 1 + ((t + 1) % 3)];
      assert.deepEqual(await batched.step(actions), await plain.step(actions), `${game} step ${t}`);
    }
  }
});

test("batched step results stay unchanged", async () => {
  // Batched steps read the batch's buffers in WebAssembly memory, which the
  // next step overwrites, so the returned arrays must be copies.
  const vec = await createAtariVectorEnv({ game: "pong", rom: rom("pong") }, 2);
  assert.equal(vec.batchedGray, true);
  await vec.reset(5);
  const first = await vec.step([2, 3]);
  const saved = first.observations.slice();
  const savedLabels = first.labels.slice();
  for (let t = 0; t < 5; t++) await vec.step([3, 2]);
  assert.deepEqual(first.observations, saved);
  assert.deepEqual(first.labels, savedLabels);
  const later = await vec.step([2, 3]);
  assert.notDeepEqual(later.observations, saved, "pong's screen changes within 6 steps");
});

test("bad env arguments named", async () => {
  const pong = rom("pong");
  await assert.rejects(
    createAtariEnv({ game: "pong" } as unknown as Parameters<typeof createAtariEnv>[0]),
    /missing ROM for pong: pass spec.rom/,
  );
  await assert.rejects(createAtariEnv({ game: "ALE/Pong-v5", rom: pong }), /pass pong or PongNoFrameskip-v4/);
  const vec = await createAtariVectorEnv({ game: "pong", rom: pong }, 1);
  try {
    await assert.rejects(vec.reset({ seed: 1 } as unknown as number), /invalid seed \{"seed":1\}: a vector env's reset takes a number/);
  } finally {
    await vec.close();
  }
});
