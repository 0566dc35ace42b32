import assert from "node:assert/strict";
import { test } from "node:test";
import { collectRandomRollouts } from "../../src/atariari/collect.ts";
import {
  BackoffPoll,
  shardBounds,
  ThreadedVectorEnv,
  type EnvFactorySpec,
} from "../../src/env/vector-threads.ts";
import {
  VectorEnv,
  type VectorEnvironment,
  type VectorOptions,
  type VectorStep,
} from "../../src/env/vector.ts";
import { labelTable } from "../../src/atariari/labels.ts";
import { createFakeEnv } from "./fake-factory.ts";

const factory: EnvFactorySpec = {
  module: new URL("./fake-factory.ts", import.meta.url).href,
  name: "createFakeEnv",
  options: { gameOverAt: 90 },
  labelGame: "pong",
};

async function localVector(count: number, options: VectorOptions = {}): Promise<VectorEnv> {
  const envs = [];
  for (let copy = 0; copy < count; copy++) envs.push(await createFakeEnv({ gameOverAt: 90 }, copy));
  return new VectorEnv(envs, labelTable("pong"), options);
}

/** Copies every array of a step, so a later step cannot change the copy. */
function cloneStep(step: VectorStep): VectorStep {
  return {
    observations: step.observations.slice(),
    rewards: step.rewards.slice(),
    terminated: step.terminated.slice(),
    truncated: step.truncated.slice(),
    labels: step.labels.slice(),
    lives: step.lives.slice(),
  };
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

test("vector copy false reuses arrays", async () => {
  const copied = await localVector(3);
  const reused = await localVector(3, { copy: false });
  await copied.reset(4);
  await reused.reset(4);
  let first: VectorStep | undefined;
  for (let t = 0; t < 40; t++) {
    const actions = [1 + (t % 5), 2, 3];
    const expected = await copied.step(actions);
    const actual = await reused.step(actions);
    first ??= actual;
    assert.equal(actual.observations, first.observations, `step ${t} returns the same observations array`);
    assert.deepEqual(cloneStep(actual), expected, `step ${t}`);
  }
});

test("vector copy keeps old results", async () => {
  for (const threads of [0, 2]) {
    const vec = threads === 0 ? await localVector(4) : await ThreadedVectorEnv.create(factory, 4, threads);
    try {
      await vec.reset(6);
      const step = await vec.step([1, 2, 3, 4]);
      const saved = cloneStep(step);
      const next = await vec.step([2, 3, 4, 5]);
      assert.notEqual(next.observations, step.observations);
      assert.notDeepEqual(next.observations, saved.observations, "the fake screens change every step");
      assert.deepEqual(step, saved, `${threads} threads`);
    } finally {
      await vec.close();
    }
  }
});

test("threaded copy false shares arrays", async () => {
  const local = await run(await localVector(4));
  const threaded = await ThreadedVectorEnv.create(factory, 4, 2, { copy: false });
  try {
    await threaded.reset(11);
    let first: VectorStep | undefined;
    for (let t = 0; t < 60; t++) {
      const actions = Array.from({ length: 4 }, (_, i) => 1 + ((t + i) % 5));
      const step = await threaded.step(actions);
      first ??= step;
      assert.equal(step.observations, first.observations);
      assert.deepEqual(cloneStep(step), local.steps[t], `step ${t}`);
    }
  } finally {
    await threaded.close();
  }
});

test("threaded step errors reported", async () => {
  const threaded = await ThreadedVectorEnv.create({ ...factory, options: { gameOverAt: 90, throwCopy: 3 } }, 4, 2);
  try {
    await threaded.reset(1);
    await assert.rejects(threaded.step([1, 2, 3, 5]), /vector env worker failed: Error: copy 3 failed at frame/);
    // The worker reported the error, finished the command and still accepts commands.
    await assert.rejects(threaded.step([1, 2, 3, 5]), /copy 3 failed at frame/);
  } finally {
    await threaded.close();
  }
});

test("threaded overlapping steps rejected", async () => {
  const threaded = await ThreadedVectorEnv.create(factory, 4, 2);
  try {
    await threaded.reset(1);
    const first = threaded.step([1, 2, 3, 4]);
    await assert.rejects(threaded.step([1, 2, 3, 4]), /still running/);
    const result = await first;
    assert.equal(result.observations.length, 4 * 160);
    // Once the first step is done, stepping works again.
    await threaded.step([2, 3, 4, 5]);
  } finally {
    await threaded.close();
  }
});

test("shard bounds contiguous and balanced", () => {
  assert.deepEqual(shardBounds(5, 2), [
    { start: 0, count: 3 },
    { start: 3, count: 2 },
  ]);
  assert.deepEqual(
    shardBounds(5, 3).map((shard) => shard.count),
    [2, 2, 1],
  );
  for (let numEnvs = 1; numEnvs <= 20; numEnvs++) {
    for (let shardCount = 1; shardCount <= numEnvs; shardCount++) {
      const shards = shardBounds(numEnvs, shardCount);
      const name = `${numEnvs} copies in ${shardCount} shards`;
      assert.equal(shards.length, shardCount, name);
      let next = 0;
      for (const shard of shards) {
        assert.equal(shard.start, next, `${name}: shards are contiguous`);
        next += shard.count;
      }
      assert.equal(next, numEnvs, `${name}: shards cover every copy`);
      const counts = shards.map((shard) => shard.count);
      assert.ok(counts.every((count, k) => k === 0 || count <= counts[k - 1]), `${name}: larger shards first`);
      assert.ok(counts[0] - counts[shardCount - 1] <= 1, `${name}: sizes differ by at most 1`);
    }
  }
});

test("threaded calling thread errors reported", async () => {
  const local = await localVector(4);
  const threaded = await ThreadedVectorEnv.create(factory, 4, 2);
  try {
    assert.equal(threaded.threads, 2);
    await local.reset(1);
    await threaded.reset(1);
    // Actions are checked before any shard steps, so these calls change nothing.
    await assert.rejects(
      threaded.step([1.5, 1, 2, 3]),
      /invalid action 1.5 for copy 0: expected an integer in \[0, 6\)/,
    );
    await assert.rejects(threaded.step([1, 2, 3, Number.NaN]), /invalid action NaN for copy 3/);
    for (let t = 0; t < 20; t++) {
      const actions = [1 + (t % 5), 2, 3, 4];
      assert.deepEqual(cloneStep(await threaded.step(actions)), local.stepSync(actions), `step ${t}`);
    }
    // Copy 0 belongs to the calling thread's shard. The worker still finishes its shard's step.
    await assert.rejects(threaded.step([99, 1, 2, 3]), /invalid action 99/);
    const next = await threaded.step([1, 2, 3, 4]);
    assert.equal(next.observations.length, 4 * 160);
  } finally {
    await threaded.close();
  }
});

test("threaded worker exit reported", async () => {
  const threaded = await ThreadedVectorEnv.create({ ...factory, options: { gameOverAt: 90, exitCopy: 3 } }, 4, 2);
  try {
    await threaded.reset(1);
    await assert.rejects(threaded.step([1, 1, 1, 1]), /vector env worker exited with code 7/);
    // Later calls fail at once instead of waiting for the dead worker.
    await assert.rejects(threaded.step([1, 1, 1, 1]), /vector env worker exited with code 7/);
  } finally {
    await threaded.close();
  }
});

test("threaded copies must match", async () => {
  await assert.rejects(
    ThreadedVectorEnv.create({ ...factory, options: { gameOverAt: 90, tallFrom: 2 } }, 4, 2),
    /copies 2 to 3 have 6 actions, observation shape \[1,2,160\] and 8 labels, but copy 0 has 6, \[1,1,160\] and 8/,
  );
});

test("backoff poll skips after timeouts", () => {
  const poll = new BackoffPoll();
  let calls = 0;
  let ready = false;
  const check = () => {
    calls++;
    return ready;
  };
  poll.run(check);
  assert.equal(calls, 0, "a limit of 0 polls nothing");

  poll.limit = 0.01;
  const polled: number[] = [];
  for (let run = 1; run <= 103; run++) {
    const before = calls;
    poll.run(check);
    if (calls > before) polled.push(run);
  }
  // Each timeout doubles the skipped runs after it: 1, 2, 4, 8, 16, then 32 at most.
  assert.deepEqual(polled, [1, 3, 6, 11, 20, 37, 70, 103]);

  ready = true;
  const beforeSkips = calls;
  for (let run = 104; run <= 135; run++) poll.run(check);
  assert.equal(calls, beforeSkips, "runs 104 to 135 are skipped");
  poll.run(check);
  assert.equal(calls, beforeSkips + 1, "run 136 polls and succeeds at once");
  poll.run(check);
  assert.equal(calls, beforeSkips + 2, "a successful poll resets the skips");
});
