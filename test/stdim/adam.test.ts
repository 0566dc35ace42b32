import assert from "node:assert/strict";
import { test } from "node:test";

import { adamUpdate } from "../../src/stdim/adam.ts";

test("adam matches torch optim adam", () => {
  // Expected values printed by PyTorch 1.13's torch.optim.Adam(lr=3e-4,
  // eps=1e-5) in float64 for these three gradients.
  const expected = [
    [0.4997000299970003, -0.99970001499925, 1.9997000009999966, -2.7272727272727263e-5],
    [0.4996201389921207, -0.9998098425848286, 1.9994088965034833, -2.583732057416267e-5],
    [0.49942272043121966, -0.9998947390227186, 1.999243329701105, -0.00021420300612432164],
  ];
  const grads = [[0.1, -0.2, 3.0, 1e-6], [-0.05, 0.4, 2.0, -1e-6], [0.2, 0.0, -1.0, 1e-3]];
  const param = new Float32Array([0.5, -1.0, 2.0, 0.0]);
  const m = new Float64Array(4);
  const v = new Float64Array(4);
  grads.forEach((grad, step) => {
    adamUpdate(param, grad, m, v, step + 1, 3e-4, { eps: 1e-5 });
    for (let i = 0; i < 4; i++) {
      const tolerance = 1e-7 * Math.max(1, Math.abs(expected[step][i]));
      assert.ok(Math.abs(param[i] - expected[step][i]) < tolerance, `step ${step} [${i}]: ${param[i]} vs ${expected[step][i]}`);
    }
  });
});
