import assert from "node:assert/strict";
import { test } from "node:test";

import { buildEncoderSpec, initEncoderParameters, natureCnnSpec, localShape, encoderParameterSpecs } from "../../src/stdim/encoder.ts";
import { initStdimHeads } from "../../src/stdim/heads.ts";
import { Random } from "../../src/stdim/random.ts";
import { stdimLossReference, toFloat64, type StdimObjective } from "../../src/stdim/reference.ts";

const smallSpec = buildEncoderSpec({
  inputChannels: 1,
  inputHeight: 13,
  inputWidth: 11,
  convs: [
    { outChannels: 3, kernel: 3, stride: 2 },
    { outChannels: 4, kernel: 2, stride: 1 },
    { outChannels: 5, kernel: 2, stride: 1 },
    { outChannels: 3, kernel: 2, stride: 1 },
  ],
  featureSize: 6,
  localConv: 2,
});

function smallProblem(objective: StdimObjective, seed: number, batch = 4) {
  const random = new Random(seed);
  const params = toFloat64(new Map([
    ...initEncoderParameters(smallSpec, random),
    ...initStdimHeads(smallSpec, objective, random),
  ]));
  // Non-zero biases so the bias gradients are exercised away from zero.
  for (const [name, value] of params) {
    if (name.endsWith(".bias")) for (let i = 0; i < value.length; i++) value[i] = 0.1 * random.gaussian();
  }
  const size = batch * 13 * 11;
  const inputT = Float64Array.from({ length: size }, () => random.uniform());
  const inputPrev = Float64Array.from({ length: size }, () => random.uniform());
  return { params, inputT, inputPrev, batch };
}

for (const objective of ["infonce-stdim", "global-local-infonce-stdim", "global-infonce-stdim"] as const) {
  test(`${objective} gradients match finite differences`, () => {
    const { params, inputT, inputPrev, batch } = smallProblem(objective, 7);
    const result = stdimLossReference(smallSpec, params, inputT, inputPrev, batch, objective);
    assert.ok(Number.isFinite(result.loss));
    const h = 1e-6;
    let worst = 0;
    let checked = 0;
    for (const [name, value] of params) {
      const g = result.gradients.get(name)!;
      for (let i = 0; i < value.length; i++) {
        const saved = value[i];
        value[i] = saved + h;
        const up = stdimLossReference(smallSpec, params, inputT, inputPrev, batch, objective).loss;
        value[i] = saved - h;
        const down = stdimLossReference(smallSpec, params, inputT, inputPrev, batch, objective).loss;
        value[i] = saved;
        const numeric = (up - down) / (2 * h);
        const error = Math.abs(numeric - g[i]) / Math.max(1e-3, Math.abs(numeric), Math.abs(g[i]));
        worst = Math.max(worst, error);
        checked++;
        assert.ok(error < 1e-5, `${name}[${i}]: analytic ${g[i]}, numeric ${numeric}`);
      }
    }
    console.log(`${objective}: ${checked} gradients, max relative difference ${worst.toExponential(2)}`);
  });
}

test("stdim loss is loss1 plus loss2", () => {
  const { params, inputT, inputPrev, batch } = smallProblem("infonce-stdim", 3);
  const result = stdimLossReference(smallSpec, params, inputT, inputPrev, batch);
  assert.ok(result.loss1 > 0);
  assert.ok(result.loss2 > 0);
  assert.equal(result.loss, result.loss1 + result.loss2);
});

test("loss of identical scores equals log batch", () => {
  // All-zero heads make every logit 0, so each row's cross-entropy is log B.
  const { params, inputT, inputPrev, batch } = smallProblem("infonce-stdim", 5, 6);
  for (const name of ["classifier1.weight", "classifier1.bias", "classifier2.weight", "classifier2.bias"]) {
    params.get(name)!.fill(0);
  }
  const result = stdimLossReference(smallSpec, params, inputT, inputPrev, batch);
  assert.ok(Math.abs(result.loss1 - Math.log(batch)) < 1e-12);
  assert.ok(Math.abs(result.loss2 - Math.log(batch)) < 1e-12);
});

test("nature cnn full-size shapes", () => {
  const spec = natureCnnSpec();
  assert.deepEqual(localShape(spec), { depth: 128, height: 11, width: 8, positions: 88 });
  assert.equal(spec.linear.inFeatures, 3456);
  assert.deepEqual(
    encoderParameterSpecs(spec).map((p) => `${p.name}:${p.shape.join("x")}`),
    [
      "main.0.weight:32x1x8x8", "main.0.bias:32",
      "main.2.weight:64x32x4x4", "main.2.bias:64",
      "main.4.weight:128x64x4x4", "main.4.bias:128",
      "main.6.weight:64x128x3x3", "main.6.bias:64",
      "main.9.weight:256x3456", "main.9.bias:256",
    ],
  );
});

test("nature cnn 84x84 shapes", () => {
  const spec = natureCnnSpec({ downsample: true, featureSize: 128 });
  assert.deepEqual(localShape(spec), { depth: 32, height: 7, width: 7, positions: 49 });
  assert.equal(spec.linear.name, "main.7");
  assert.equal(spec.linear.inFeatures, 1568);
  assert.equal(spec.linear.outFeatures, 128);
});
