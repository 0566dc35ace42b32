import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { tensorsToParameters } from "../../src/checkpoint/parameters.ts";
import { decodeSafetensors } from "../../src/checkpoint/safetensors.ts";
import { CpuStdimBackend } from "../../src/stdim/backend.ts";
import { buildEncoderSpec, initEncoderParameters } from "../../src/stdim/encoder.ts";
import { initStdimHeads } from "../../src/stdim/heads.ts";
import { Random } from "../../src/stdim/random.ts";
import { encodeEpisodes, fitRepresentation, StdimTrainer, type EpisodeFrames } from "../../src/stdim/trainer.ts";

const spec = buildEncoderSpec({
  inputChannels: 1,
  inputHeight: 16,
  inputWidth: 16,
  convs: [
    { outChannels: 4, kernel: 4, stride: 2 },
    { outChannels: 6, kernel: 3, stride: 1 },
    { outChannels: 8, kernel: 2, stride: 1 },
    { outChannels: 4, kernel: 2, stride: 1 },
  ],
  featureSize: 8,
  localConv: 2,
});

// Episodes of a bright 4x4 square drifting across a dark 16x16 screen.
function episodes(random: Random, count: number, length: number): EpisodeFrames {
  const list: Uint8Array[] = [];
  for (let e = 0; e < count; e++) {
    const frames = new Uint8Array(length * 256);
    let x = random.integer(12);
    let y = random.integer(12);
    for (let t = 0; t < length; t++) {
      x = Math.min(12, Math.max(0, x + random.integer(3) - 1));
      y = Math.min(12, Math.max(0, y + random.integer(3) - 1));
      for (let dy = 0; dy < 4; dy++) frames.fill(230, t * 256 + (y + dy) * 16 + x, t * 256 + (y + dy) * 16 + x + 4);
    }
    list.push(frames);
  }
  return { frameSize: 256, episodes: list };
}

function makeTrainer(seed: number) {
  const random = new Random(seed);
  const params = new Map([...initEncoderParameters(spec, random), ...initStdimHeads(spec, "infonce-stdim", random)]);
  return new StdimTrainer(new CpuStdimBackend(spec, "infonce-stdim", params, 3e-3), 8);
}

test("stdim training lowers validation loss", async () => {
  const data = new Random(1);
  const train = episodes(data, 6, 20);
  const val = episodes(data, 2, 20);
  const lines: string[] = [];
  const result = await fitRepresentation(makeTrainer(2), train, val, { epochs: 6, seed: 3, log: (l) => lines.push(l) });
  assert.equal(result.epochs, 6);
  assert.equal(lines.length, 6);
  assert.match(lines[0], /^infonce-stdim epoch 0: train loss \d/);
  const first = result.history[0].val.loss;
  const last = result.history[5].val.loss;
  assert.ok(last < first, `val loss ${first} -> ${last}`);
  assert.ok(Math.abs(result.history[0].train.loss - result.history[0].train.loss1 - result.history[0].train.loss2) < 1e-12);
});

test("early stopping ends the epoch loop", async () => {
  const data = new Random(1);
  const train = episodes(data, 3, 20);
  const trainer = makeTrainer(2);
  // With a zero learning rate the validation loss only varies with the
  // sampled batches, so it soon fails to improve twice in a row.
  (trainer.backend as unknown as { lr: number }).lr = 0;
  const result = await fitRepresentation(trainer, train, train, { epochs: 50, patience: 2, seed: 5 });
  assert.equal(result.stoppedEarly, true);
  assert.ok(result.epochs < 50);
});

test("resumed run equals uninterrupted run", async () => {
  const data = new Random(7);
  const train = episodes(data, 4, 20);
  const val = episodes(data, 2, 20);
  const dir = await mkdtemp(join(tmpdir(), "stdim-resume-"));
  try {
    const whole = makeTrainer(4);
    const reference = await fitRepresentation(whole, train, val, { epochs: 4, seed: 9 });
    const first = await fitRepresentation(makeTrainer(4), train, val, { epochs: 2, seed: 9, checkpointDir: dir });
    assert.equal(first.epochs, 2);
    assert.deepEqual((await readdir(dir)).sort(), ["encoder.safetensors", "training-state.safetensors"]);
    const lines: string[] = [];
    // A fresh trainer with other weights: everything must come from the checkpoint.
    const resumed = makeTrainer(99);
    const second = await fitRepresentation(resumed, train, val, { epochs: 4, seed: 9, checkpointDir: dir, resume: true, log: (l) => lines.push(l) });
    assert.match(lines[0], /resumed infonce-stdim .* after epoch 1/);
    assert.deepEqual(second.history, reference.history);
    const a = (await whole.parameters()).params;
    const b = (await resumed.parameters()).params;
    for (const [name, value] of a) assert.deepEqual(b.get(name), value, name);
    const encoderFile = decodeSafetensors(new Uint8Array(await readFile(join(dir, "encoder.safetensors"))));
    assert.ok([...encoderFile.tensors.keys()].every((name) => name.startsWith("main.")));
    assert.deepEqual(tensorsToParameters(spec, encoderFile).get("main.0.weight"), a.get("main.0.weight"));
  } finally {
    await rm(dir, { recursive: true });
  }
});

test("encode episodes returns one feature row per frame", async () => {
  const trainer = makeTrainer(1);
  const data = episodes(new Random(2), 2, 5);
  const features = await encodeEpisodes(trainer.backend, data, 8, 3);
  assert.equal(features.length, 10 * 8);
  const single = await trainer.backend.encode(data.episodes[1].subarray(256 * 4, 256 * 5), 1);
  assert.deepEqual(features.subarray(9 * 8), single);
});
