// The kernel suite in Node, on the adapter npm `webgpu` (Dawn) finds:
// lavapipe on CPU-only Linux machines.
import { after, before, test } from "node:test";
import { Gpu } from "../../src/gpu/index.ts";
import { kernelCases } from "./suite.ts";

let gpu: Gpu;

before(async () => {
  gpu = await Gpu.create();
});

after(() => {
  gpu?.destroy();
});

for (const c of kernelCases) {
  test(c.name, async (t) => {
    const summary = await c.run(gpu);
    await gpu.sync();
    t.diagnostic(summary);
  });
}
