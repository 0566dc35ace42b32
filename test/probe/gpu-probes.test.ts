import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Gpu } from "../../src/gpu/index.ts";
import { GpuProbes } from "../../src/probe/gpu-probes.ts";
import { LinearProbes, PROBE_CLASSES } from "../../src/probe/linear-probes.ts";
import { Random } from "../../src/stdim/random.ts";

let gpu: Gpu;
before(async () => {
  gpu = await Gpu.create();
});
after(() => gpu?.destroy());

test("gpu probes track cpu probes", async () => {
  // 5 labels, 20 features, batch 7: sizes off the kernels' tile multiples.
  const labels = 5;
  const features = 20;
  const batch = 7;
  const cpu = new LinearProbes(labels, features, new Random(3));
  const probes = new GpuProbes(gpu, labels, features, new Random(3));
  const data = new Random(4);
  const active = [true, true, false, true, true];
  const lrs = [1e-2, 3e-3, 1e-2, 1e-3, 1e-2];
  try {
    for (let step = 0; step < 4; step++) {
      const x = Float32Array.from({ length: batch * features }, () => data.gaussian());
      const y = Uint8Array.from({ length: batch * labels }, () => data.integer(PROBE_CLASSES));
      const a = await probes.step(x, y, batch, active, lrs);
      const b = cpu.step(x, y, batch, active, lrs);
      for (let l = 0; l < labels; l++) {
        assert.ok(Math.abs(a.loss[l] - b.loss[l]) < 1e-4 * Math.max(1, b.loss[l]), `step ${step} label ${l}: ${a.loss[l]} vs ${b.loss[l]}`);
        assert.equal(a.accuracy[l], b.accuracy[l], `step ${step} label ${l} accuracy`);
      }
    }
    const x = Float32Array.from({ length: batch * features }, () => data.gaussian());
    assert.deepEqual(await probes.predict(x, batch), cpu.predict(x, batch));
  } finally {
    probes.release();
  }
});
