import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { exportNpy, loadDataset, makeDataset, npyHeader, saveDataset } from "../../src/atariari/dataset.ts";
import type { Episode } from "../../src/atariari/episodes.ts";

const scratch = mkdtempSync(join(tmpdir(), "dataset-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function episode(length: number, seed: number): Episode {
  const frames = new Uint8Array(length * 12).map((_, i) => (i * 7 + seed) & 255);
  const labels = new Uint8Array(length * 2).map((_, i) => (i + seed) & 255);
  return { length, frames, labels };
}

function sample() {
  const shape = { frameShape: [1, 3, 4], labelNames: ["ball_x", "player_y"] };
  return makeDataset(
    { game: "pong", romMd5: "60e0ea3cbe0913d39803477945e9e5ec", seed: 42, settings: { steps: 10 }, versions: { package: "test" } },
    {
      train: { ...shape, episodes: [episode(3, 1), episode(2, 2)] },
      validation: { ...shape, episodes: [episode(1, 3)] },
      test: { ...shape, episodes: [episode(4, 4)] },
    },
  );
}

test("dataset round trip", () => {
  const dataset = sample();
  const path = join(scratch, "pong.aari");
  saveDataset(dataset, path);
  const loaded = loadDataset(path);
  assert.deepEqual(loaded, dataset);
  assert.equal(loaded.metadata.romMd5, "60e0ea3cbe0913d39803477945e9e5ec");
  assert.deepEqual(readdirSync(scratch), ["pong.aari"], "no temporary file is left");
});

test("dataset save replaces atomically", () => {
  const path = join(scratch, "replace.aari");
  saveDataset(sample(), path);
  const second = sample();
  second.splits.train = [episode(5, 9)];
  saveDataset(second, path);
  assert.deepEqual(loadDataset(path).splits.train, [episode(5, 9)]);
});

test("dataset load rejects bad files", () => {
  const other = join(scratch, "other.bin");
  writeFileSync(other, "not a dataset at all");
  assert.throws(() => loadDataset(other), /not an AtariARI episode dataset/);
  const path = join(scratch, "cut.aari");
  saveDataset(sample(), path);
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, bytes.length - 5));
  assert.throws(() => loadDataset(path), /truncated/);
});

test("npy header layout", () => {
  const header = npyHeader("|u1", [5, 1, 210, 160]);
  assert.equal(header.length % 64, 0);
  assert.deepEqual([...header.subarray(0, 8)], [0x93, 78, 85, 77, 80, 89, 1, 0]);
  const text = new TextDecoder().decode(header.subarray(10));
  assert.match(text, /^\{'descr': '\|u1', 'fortran_order': False, 'shape': \(5, 1, 210, 160\), \} *\n$/);
  assert.match(new TextDecoder().decode(npyHeader("<i8", [3]).subarray(10)), /'shape': \(3,\)/);
});

test("npy export readable by numpy", (t) => {
  const folder = join(scratch, "npy");
  const written = exportNpy(sample(), folder);
  assert.equal(written.length, 10);
  const frames = readFileSync(join(folder, "train_frames.npy"));
  assert.equal(frames.length, 128 + 5 * 12);
  const check = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" });
  if (check.status !== 0) {
    t.skip("python3 with numpy is not installed");
    return;
  }
  const script = [
    "import numpy as np, json, sys",
    "d = sys.argv[1]",
    "f = np.load(d + '/train_frames.npy'); l = np.load(d + '/train_labels.npy')",
    "n = np.load(d + '/train_episode_lengths.npy')",
    "print(json.dumps([list(f.shape), str(f.dtype), list(l.shape), n.tolist(), int(f[3, 0, 1, 2]), int(l[4, 1])]))",
  ].join("\n");
  const result = spawnSync("python3", ["-c", script, folder], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  const [shape, dtype, labelShape, lengths, pixel, label] = JSON.parse(result.stdout);
  assert.deepEqual(shape, [5, 1, 3, 4]);
  assert.equal(dtype, "uint8");
  assert.deepEqual(labelShape, [5, 2]);
  assert.deepEqual(lengths, [3, 2]);
  // Frame 3 is the first frame of the second train episode (seed 2): byte 6.
  assert.equal(pixel, (6 * 7 + 2) & 255);
  assert.equal(label, (3 + 2) & 255);
});
