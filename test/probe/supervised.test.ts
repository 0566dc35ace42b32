import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Gpu } from "../../src/gpu/index.ts";
import type { ProbeDataset } from "../../src/probe/dataset.ts";
import { PROBE_CLASSES } from "../../src/probe/linear-probes.ts";
import { GpuSupervisedModel, SupervisedProbes } from "../../src/probe/supervised.ts";
import { trainProbes } from "../../src/probe/trainer.ts";
import { buildEncoderSpec, initEncoderParameters } from "../../src/stdim/encoder.ts";
import { Random } from "../../src/stdim/random.ts";
import { encoderBackward, encoderForward, linearBackward, linearForward, scaleFrames, toFloat64 } from "../../src/stdim/reference.ts";

const spec = buildEncoderSpec({
  inputChannels: 1,
  inputHeight: 20,
  inputWidth: 18,
  convs: [
    { outChannels: 4, kernel: 4, stride: 2 },
    { outChannels: 6, kernel: 3, stride: 1 },
    { outChannels: 5, kernel: 2, stride: 1 },
  ],
  featureSize: 9,
  localConv: 2,
});
const FRAME = 20 * 18;

let gpu: Gpu;
before(async () => {
  gpu = await Gpu.create();
});
after(() => gpu?.destroy());

// Float64 loss and gradients of mean cross-entropy over probe(encoder(x)).
function referenceStep(params: Map<string, Float32Array>, frames: Uint8Array, targets: Uint32Array, batch: number) {
  const p64 = toFloat64(params);
  const acts = encoderForward(spec, p64, scaleFrames(frames), batch);
  const w = p64.get("probe.model.weight")!;
  const logits = linearForward(acts.global!, batch, 9, PROBE_CLASSES, w, p64.get("probe.model.bias")!);
  const dLogits = new Float64Array(logits.length);
  let loss = 0;
  for (let n = 0; n < batch; n++) {
    const row = logits.subarray(n * PROBE_CLASSES, (n + 1) * PROBE_CLASSES);
    const max = Math.max(...row);
    const total = row.reduce((a, v) => a + Math.exp(v - max), 0);
    loss += (max + Math.log(total) - row[targets[n]]) / batch;
    for (let c = 0; c < PROBE_CLASSES; c++) {
      dLogits[n * PROBE_CLASSES + c] = (Math.exp(row[c] - max) / total - (c === targets[n] ? 1 : 0)) / batch;
    }
  }
  const grads = new Map([...p64].map(([name, v]) => [name, new Float64Array(v.length)]));
  const dGlobal = linearBackward(dLogits, acts.global!, batch, 9, PROBE_CLASSES, w, grads.get("probe.model.weight")!, grads.get("probe.model.bias")!);
  encoderBackward(spec, p64, acts, dGlobal, null, grads);
  return { loss, grads };
}

test("supervised model matches float64 reference", async () => {
  const random = new Random(2);
  const params = initEncoderParameters(spec, random);
  params.set("probe.model.weight", Float32Array.from({ length: PROBE_CLASSES * 9 }, () => 0.3 * random.gaussian()));
  params.set("probe.model.bias", Float32Array.from({ length: PROBE_CLASSES }, () => 0.1 * random.gaussian()));
  const batch = 5;
  const frames = Uint8Array.from({ length: batch * FRAME }, () => random.integer(256));
  const targets = Uint32Array.from({ length: batch }, () => random.integer(PROBE_CLASSES));
  const model = new GpuSupervisedModel(gpu, spec, params);
  try {
    for (let repeat = 0; repeat < 2; repeat++) {
      const result = await model.step(frames, targets, batch, null, true);
      const expected = referenceStep(params, frames, targets, batch);
      assert.ok(Math.abs(result.loss - expected.loss) < 1e-5 * expected.loss, `loss ${result.loss} vs ${expected.loss}`);
      for (const [name, g] of expected.grads) {
        const actual = result.gradients!.get(name)!;
        let diff = 0;
        let scale = 0;
        for (let i = 0; i < g.length; i++) {
          diff = Math.max(diff, Math.abs(actual[i] - g[i]));
          scale = Math.max(scale, Math.abs(g[i]));
        }
        assert.ok(diff <= 1e-4 * scale, `${name}: relative error ${diff / scale}`);
      }
    }
  } finally {
    model.release();
  }
});

test("supervised probes learn a bright-square label", async () => {
  // The label is the half of the frame that contains the square (10 or
  // 20), so a probe reads it only if the encoder learns it end to end.
  const random = new Random(5);
  const make = (episodes: number, length: number): ProbeDataset => {
    const frames = new Uint8Array(episodes * length * FRAME);
    const labels = new Uint8Array(episodes * length);
    for (let n = 0; n < episodes * length; n++) {
      const left = random.uniform() < 0.5;
      const x = left ? random.integer(5) : 9 + random.integer(5);
      const y = random.integer(16);
      for (let dy = 0; dy < 4; dy++) frames.fill(255, n * FRAME + (y + dy) * 18 + x, n * FRAME + (y + dy) * 18 + x + 4);
      labels[n] = left ? 10 : 20;
    }
    return { labelNames: ["player_x"], features: new Float32Array(0), featureSize: 0, labels, episodeLengths: new Array(episodes).fill(length), frames, frameSize: FRAME };
  };
  let probes: SupervisedProbes | null = null;
  try {
    const result = await trainProbes(make(4, 64), make(1, 64), make(2, 64), {
      lr: 3e-3,
      epochs: 8,
      batchSize: 32,
      seed: 1,
      testSampling: "all-frames",
      createProbes: (labels, _features, r) => (probes = new SupervisedProbes(gpu, spec, initEncoderParameters(spec, new Random(3)), labels, r)),
    });
    assert.ok(result.labels.player_x.accuracy > 0.9, `accuracy ${result.labels.player_x.accuracy}`);
  } finally {
    (probes as SupervisedProbes | null)?.release();
  }
});
