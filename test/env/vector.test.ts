import assert from "node:assert/strict";
import { test } from "node:test";
import { collectRandomRollouts } from "../../src/atariari/collect.ts";
import { ThreadedVectorEnv, type EnvFactorySpec } from "../../src/env/vector-threads.ts";
import { VectorEnv, type VectorEnvironment } from "../../src/env/vector.ts";
import { labelTable } from "../../src/atariari/labels.ts";
import { createFakeEnv } from "./fake-factory.ts";

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

/** Runs 60 batch steps with fixed actions and returns everything the copies produced. */
async function run(vec: VectorEnvironment) {
  const resets = await vec.reset(11);
  const steps = [];
  for (let t = 0; t < 60; t++) {
    const actions = Array.from({ length: vec.numEnvs }, (_, i) => 1 + ((t + i) % (vec.actionCount - 1)));
    steps.push(await vec.step(actions));
  }
  return { resets, steps };
}

test("vector step auto resets", async () => {
  const vec = await localVector(2);
  await vec.reset(1);
  let ends = 0;
  for (let t = 0; t < 60; t++) {
    const result = await vec.step([1, 2]);
    ends += result.terminated[0];
    assert.equal(result.labels.length, 2 * 8);
    assert.equal(result.observations.length, 2 * 160);
  }
  // Copy 0's game lasts 90 frames, and each step is 4 frames after up to 30 NOOPs.
  assert.ok(ends >= 2, `copy 0 ended ${ends} times`);
  assert.throws(() => vec.stepSync([1]), /expected 2 actions/);
});

test("vector copies independent of count", async () => {
  const two = await run(await localVector(2));
  const five = await run(await localVector(5));
  assert.deepEqual(five.resets.subarray(0, 2 * 160), two.resets);
  for (let t = 0; t < 60; t++) {
    assert.deepEqual(five.steps[t].observations.subarray(0, 320), two.steps[t].observations, `step ${t}`);
    assert.deepEqual(five.steps[t].rewards.subarray(0, 2), two.steps[t].rewards);
    assert.deepEqual(five.steps[t].labels.subarray(0, 16), two.steps[t].labels);
  }
});

test("threaded vector equals local", async () => {
  const local = await run(await localVector(5));
  for (const threads of [1, 2, 3]) {
    const threaded = await ThreadedVectorEnv.create(factory, 5, threads);
    try {
      assert.equal(threaded.actionCount, 6);
      assert.deepEqual([...threaded.observationShape], [1, 1, 160]);
      const result = await run(threaded);
      assert.deepEqual(result, local, `${threads} threads`);
    } finally {
      await threaded.close();
    }
  }
});

test("threaded rollout equals local", async () => {
  const local = await collectRandomRollouts(await localVector(4), { steps: 400, seed: 3 });
  const threaded = await ThreadedVectorEnv.create(factory, 4, 2);
  try {
    assert.deepEqual(await collectRandomRollouts(threaded, { steps: 400, seed: 3 }), local);
  } finally {
    await threaded.close();
  }
});

test("threaded factory errors reported", async () => {
  await assert.rejects(
    ThreadedVectorEnv.create({ ...factory, name: "missing" }, 2, 1),
    /has no exported function missing/,
  );
});
