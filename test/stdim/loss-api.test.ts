import assert from "node:assert/strict";
import { test } from "node:test";

import { parametersToTensors } from "../../src/checkpoint/parameters.ts";
import { encodeSafetensors } from "../../src/checkpoint/safetensors.ts";
import { initEncoderParameters, natureCnnSpec } from "../../src/stdim/encoder.ts";
import { initStdimHeads } from "../../src/stdim/heads.ts";
import { stdimLossAndGradients } from "../../src/stdim/loss-api.ts";
import { Random } from "../../src/stdim/random.ts";
import { scaleFrames, stdimLossReference, toFloat64 } from "../../src/stdim/reference.ts";

function checkpointFor(downsample: boolean, objective: "infonce-stdim" | "global-local-infonce-stdim", seed: number) {
  const spec = natureCnnSpec({ downsample });
  const random = new Random(seed);
  const params = new Map([...initEncoderParameters(spec, random), ...initStdimHeads(spec, objective, random)]);
  return { spec, params, random, bytes: encodeSafetensors(parametersToTensors(spec, params)) };
}

test("84x84 checkpoint matches reference", async () => {
  const { spec, params, random, bytes } = checkpointFor(true, "infonce-stdim", 2);
  const batch = 3;
  const framesT = Uint8Array.from({ length: batch * 84 * 84 }, () => random.integer(256));
  const framesPrev = Uint8Array.from({ length: batch * 84 * 84 }, () => random.integer(256));
  const result = await stdimLossAndGradients({ checkpoint: bytes, framesT, framesPrev });
  const expected = stdimLossReference(spec, toFloat64(params), scaleFrames(framesT), scaleFrames(framesPrev), batch);
  assert.equal(result.loss, expected.loss);
  assert.equal(result.loss1, expected.loss1);
  assert.equal(result.loss2, expected.loss2);
  assert.deepEqual([...result.gradients.keys()], [...params.keys()]);
  for (const [name, gradient] of result.gradients) {
    assert.equal(gradient.length, params.get(name)!.length, name);
    assert.deepEqual(gradient, Float32Array.from(expected.gradients.get(name)!), name);
  }
});

test("full-size checkpoint gives finite gradients", async () => {
  const { bytes, random } = checkpointFor(false, "infonce-stdim", 4);
  const framesT = Uint8Array.from({ length: 2 * 210 * 160 }, () => random.integer(256));
  const framesPrev = Uint8Array.from({ length: 2 * 210 * 160 }, () => random.integer(256));
  const result = await stdimLossAndGradients({ checkpoint: bytes, framesT, framesPrev });
  assert.equal(result.gradients.get("main.9.weight")!.length, 256 * 3456);
  assert.ok(result.gradients.get("main.0.weight")!.some((g) => g !== 0));
  for (const [name, gradient] of result.gradients) assert.ok(gradient.every(Number.isFinite), name);
});

test("loss api rejects bad input", async () => {
  const { bytes } = checkpointFor(true, "global-local-infonce-stdim", 1);
  const frames = new Uint8Array(2 * 84 * 84);
  await assert.rejects(stdimLossAndGradients({ checkpoint: bytes, framesT: frames, framesPrev: frames }), /lacks classifier2\.weight/);
  const ablation = await stdimLossAndGradients({ checkpoint: bytes, framesT: frames, framesPrev: frames, objective: "global-local-infonce-stdim" });
  assert.equal(ablation.loss2, 0);
  await assert.rejects(
    stdimLossAndGradients({ checkpoint: bytes, framesT: new Uint8Array(100), framesPrev: frames, objective: "global-local-infonce-stdim" }),
    /framesT has 100 bytes, not a multiple of one 1x84x84 frame/,
  );
  await assert.rejects(
    stdimLossAndGradients({ checkpoint: bytes, framesT: frames, framesPrev: frames.subarray(0, 84 * 84), objective: "global-local-infonce-stdim" }),
    /framesT contains 2 frames but framesPrev contains 1/,
  );
  await assert.rejects(stdimLossAndGradients({ checkpoint: new Uint8Array(3), framesT: frames, framesPrev: frames }), /shorter than the 8-byte/);
});
