// Input checks and closing of vector envs, over real ROMs and worker threads.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { createAtariVectorEnv } from "../../src/env/atari.ts";
import { openAtariVectorEnv } from "../../src/env/node.ts";
import { ThreadedVectorEnv, type EnvFactorySpec } from "../../src/env/vector-threads.ts";
import { VectorEnv, type VectorEnvironment } from "../../src/env/vector.ts";
import { labelTable } from "../../src/atariari/labels.ts";
import { createFakeEnv } from "./fake-factory.ts";
import { sharedPath } from "./helpers.ts";

const pong = { game: "pong", rom: readFileSync(sharedPath("roms/pong.bin")) };

const factory: EnvFactorySpec = {
  module: new URL("./fake-factory.ts", import.meta.url).href,
  name: "createFakeEnv",
  options: { gameOverAt: 90 },
  labelGame: "pong",
};

async function localVector(count: number): Promise<VectorEnv> {
  const envs = [];
  for (let copy = 0; copy < count; copy++) envs.push(await createFakeEnv({ gameOverAt: 90 }, copy));
  return new VectorEnv(envs, labelTable("pong"));
}

test("batched invalid action changes nothing", async () => {
  const vec = await createAtariVectorEnv(pong, 3);
  const reference = await createAtariVectorEnv(pong, 3);
  try {
    assert.ok(vec.batched);
    await vec.reset(4);
    await reference.reset(4);
    for (const bad of [99, -1, 2.5, Number.NaN]) {
      await assert.rejects(vec.step([1, 2, bad]), new RegExp(`invalid action ${bad} for copy 2`));
    }
    for (let t = 0; t < 10; t++) {
      const actions = [t % 6, 2, 3];
      assert.deepEqual(await vec.step(actions), await reference.step(actions), `step ${t}`);
    }
  } finally {
    await vec.close();
    await reference.close();
  }
});

test("threaded invalid action changes nothing", async () => {
  const local = await localVector(4);
  const threaded = await ThreadedVectorEnv.create(factory, 4, 2);
  try {
    await local.reset(1);
    await threaded.reset(1);
    // Copy 3 belongs to the worker's shard, copy 0 to the calling thread's.
    await assert.rejects(threaded.step([1, 2, 3, 99]), /invalid action 99 for copy 3/);
    await assert.rejects(threaded.step([-1, 2, 3, 4]), /invalid action -1 for copy 0/);
    for (let t = 0; t < 10; t++) {
      const actions = [1, 2, 3, 1 + (t % 5)];
      const step = await threaded.step(actions);
      assert.deepEqual(step.observations, local.stepSync(actions).observations, `step ${t}`);
    }
  } finally {
    await threaded.close();
  }
});

test("threaded reset seeds equal local", async () => {
  const threaded = await ThreadedVectorEnv.create(factory, 4, 2);
  try {
    // Copies 2 and 3 run in the worker: 2^31 - 2 + 2 is past int32, and -2.5 + 2 is -0.5.
    for (const seed of [2 ** 31 - 2, 3e9, -2.5, 7.75]) {
      const local = await localVector(4);
      assert.deepEqual(await threaded.reset(seed), await local.reset(seed), `seed ${seed} reset`);
      for (let t = 0; t < 5; t++) {
        const step = await threaded.step([1, 2, 3, 4]);
        assert.deepEqual(step.observations, local.stepSync([1, 2, 3, 4]).observations, `seed ${seed} step ${t}`);
      }
    }
    await assert.rejects(threaded.reset(Number.NaN), /invalid seed NaN: expected a finite number/);
  } finally {
    await threaded.close();
  }
});

test("closed vector envs reject calls", async () => {
  const envs: [string, VectorEnvironment][] = [
    ["batched", await createAtariVectorEnv(pong, 2)],
    ["threaded", await ThreadedVectorEnv.create(factory, 2, 2)],
  ];
  for (const [name, vec] of envs) {
    await vec.reset(0);
    await vec.close();
    await assert.rejects(vec.step([0, 0]), /this vector env is closed/, name);
    await assert.rejects(vec.reset(0), /this vector env is closed/, name);
    await vec.close();
  }
});

test("close during threaded step reported", async () => {
  // The worker's copies 1 and 2 take 4 x 2 x 50 ms per step, so the close ends the worker mid-step.
  const options = { gameOverAt: 10_000, slowFrom: 1, slowMs: 50 };
  const threaded = await ThreadedVectorEnv.create({ ...factory, options }, 3, 2);
  await threaded.reset(0);
  const stepping = assert.rejects(
    threaded.step([1, 2, 3]),
    /this vector env was closed before the step or reset finished/,
  );
  await threaded.close();
  await stepping;
});

test("open rejects invalid thread counts", async () => {
  const romDir = sharedPath("roms");
  for (const threads of [0, -2, 0.5, 1.5, Number.NaN]) {
    await assert.rejects(
      openAtariVectorEnv({ game: "pong", romDir, threads }),
      new RegExp(`invalid threads ${threads}: expected an integer >= 1`),
      String(threads),
    );
  }
});
