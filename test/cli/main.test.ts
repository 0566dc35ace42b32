// The atariari command end to end through main(): exit codes, error
// messages, and the files each command leaves behind.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

import { main } from "../../src/cli/main.ts";

const scratch = mkdtempSync(join(tmpdir(), "atariari-cli-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: scratch,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

test("help exits zero", async () => {
  const result = await cli("--help");
  assert.equal(result.code, 0);
  assert.match(result.stdout, /Usage: atariari \[command\]/);
  const command = await cli("help", "render");
  assert.match(command.stdout, /Usage: atariari render/);
});

test("unknown flag exits two", async () => {
  const result = await cli("run", "--epoch", "3");
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^atariari: error: unknown flag --epoch; did you mean --epochs\?/);
  assert.equal(result.stdout, "");
});

test("missing config file is named", async () => {
  const result = await cli("run", "--config", "nope.json");
  assert.equal(result.code, 2);
  assert.match(result.stderr, /cannot read config file .*nope\.json \(ENOENT\)/);
});

test("invalid config JSON is named", async () => {
  writeFileSync(join(scratch, "bad.json"), "{ batch-size: 3 }");
  const result = await cli("run", "--config", "bad.json");
  assert.equal(result.code, 2);
  assert.match(result.stderr, /invalid JSON in config file .*bad\.json/);
});

test("unknown game exits two", async () => {
  const result = await cli("run", "--game", "pacmann", "--out", "unknown-game");
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown game "pacmann"/);
  assert.equal(existsSync(join(scratch, "unknown-game")), false);
});

test("other gym id exits two", async () => {
  const result = await cli("run", "--game", "ALE/Pong-v5", "--out", "gym-id");
  assert.equal(result.code, 2);
  assert.match(result.stderr, /pass pong or PongNoFrameskip-v4/);
});

test("missing ROM file exits one", async () => {
  const result = await cli("run", "--game", "pong", "--rom", "missing.bin", "--out", "missing-rom");
  assert.equal(result.code, 1);
  assert.match(result.stderr, /ROM file not found: missing\.bin/);
  assert.equal(existsSync(join(scratch, "missing-rom")), false);
});

test("corrupt ROM exits one", async () => {
  writeFileSync(join(scratch, "corrupt.bin"), new Uint8Array(2048).fill(0xea));
  const result = await cli("run", "--game", "pong", "--rom", join(scratch, "corrupt.bin"), "--out", "corrupt");
  assert.equal(result.code, 1);
  assert.match(result.stderr, /has MD5 [0-9a-f]{32} \(not a ROM ALE supports\), but pong needs MD5/);
  assert.equal(existsSync(join(scratch, "corrupt")), false);
});

test("unwritable output folder exits one", async () => {
  writeFileSync(join(scratch, "a-file"), "");
  const result = await cli("run", "--out", "a-file/results");
  assert.equal(result.code, 1);
  assert.match(result.stderr, /output folder .*a-file\/results is not writable \(ENOTDIR\)/);
});

test("roms lists the built-in cartridge", async () => {
  mkdirSync(join(scratch, "empty-roms"));
  const result = await cli("roms", "--rom-dir", join(scratch, "empty-roms"));
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^windfall +[0-9a-f]{32} +4096 +.*cart\/windfall\.bin$/m);
});

test("missing ROM folder exits one", async () => {
  const result = await cli("roms", "--rom-dir", join(scratch, "no-such-folder"));
  assert.equal(result.code, 1);
  assert.match(result.stderr, /ROM folder not found: .*no-such-folder/);
});

test("train without collect exits one", async () => {
  const result = await cli("train", "--out", "train-out");
  assert.equal(result.code, 1);
  assert.match(result.stderr, /pretraining-episodes\.bin not found; run atariari collect/);
  const log = readFileSync(join(scratch, "train-out", "log.jsonl"), "utf8").trim().split("\n");
  assert.equal(JSON.parse(log[0]).event, "start");
  assert.equal(JSON.parse(log[1]).event, "error");
});

test("run supervised at tiny scale", async () => {
  const result = await cli("run", "--method", "supervised", "--probe-steps", "1000", "--num-processes", "4",
    "--epochs", "1", "--batch-size", "64", "--feature-size", "16", "--entropy-threshold", "3.5", "--out", "supervised-out");
  assert.equal(result.code, 0, result.stderr);
  const results = JSON.parse(readFileSync(join(scratch, "supervised-out", "results.json"), "utf8"));
  const labels = results.methods.supervised.labels;
  // The high entropy threshold keeps only the busiest labels, so few encoder
  // copies train; the falling apple's row is among them.
  assert.ok(Object.keys(labels).includes("apple_y"), `labels: ${Object.keys(labels)}`);
  for (const score of Object.values(labels) as Array<{ f1: number }>) {
    assert.ok(score.f1 >= 0, `f1 ${score.f1}`);
    assert.ok(score.f1 <= 1, `f1 ${score.f1}`);
  }
  assert.deepEqual(results.methods.supervised.encoderEpochs, []);
  assert.match(result.stderr, /epoch 0/);
});

test("train rejects supervised method", async () => {
  const result = await cli("train", "--method", "supervised", "--out", "supervised-train");
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--method supervised trains no encoder/);
});

test("no WebGPU adapter exits one", async () => {
  // A navigator.gpu whose requestAdapter finds nothing, as on a machine
  // without a Vulkan driver.
  const global = globalThis as { navigator?: unknown };
  const saved = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  Object.defineProperty(globalThis, "navigator", {
    value: { gpu: { requestAdapter: async () => null } },
    configurable: true,
  });
  try {
    const result = await cli("run", "--method", "random-cnn", "--out", "no-adapter");
    assert.equal(result.code, 1);
    assert.match(result.stderr, /WebGPU found no adapter/);
    const files = readdirSync(join(scratch, "no-adapter"));
    assert.deepEqual(files, ["log.jsonl"]);
  } finally {
    if (saved) Object.defineProperty(globalThis, "navigator", saved);
    else delete global.navigator;
  }
});

test("collect then probe majority", async () => {
  const collected = await cli(
    "collect", "--method", "majority", "--probe-steps", "1000", "--num-processes", "4", "--out", "collect-probe",
  );
  assert.equal(collected.code, 0, collected.stderr);
  const dir = join(scratch, "collect-probe");
  assert.ok(existsSync(join(dir, "probe-episodes.bin")));
  assert.equal(existsSync(join(dir, "pretraining-episodes.bin")), false);
  const probed = await cli("probe", "--method", "majority", "--out", "collect-probe");
  assert.equal(probed.code, 0, probed.stderr);
  const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
  assert.ok(Object.keys(results.methods.majority.labels).length > 0);
  assert.ok(results.dataset.testFrames > 0);
});

test("probe of another game's dataset exits one", async () => {
  const result = await cli("probe", "--method", "majority", "--game", "pong", "--rom",
    `${process.cwd()}/../shared/roms/pong.bin`, "--out", "collect-probe");
  assert.equal(result.code, 1);
  assert.match(result.stderr, /was collected from ROM md5 [0-9a-f]+ \(windfall\)/);
});

test("report rewrites files from results", async () => {
  const dir = join(scratch, "report-out");
  mkdirSync(dir);
  const results = {
    format: "atariari-results/1",
    game: "windfall",
    rom: { path: "cart/windfall.bin", md5: "0".repeat(32), bytes: 4096 },
    config: {}, versions: {}, adapter: null, timings: {},
    dataset: { trainFrames: 1, validationFrames: 1, testFrames: 1, episodes: 3, labelsKept: ["player_x"], labelsDropped: [] },
    methods: { majority: { labels: { player_x: { f1: 0.25, accuracy: 0.5 } }, encoderEpochs: [], checkpoint: null } },
  };
  writeFileSync(join(dir, "results.json"), JSON.stringify(results));
  const result = await cli("report", "--out", "report-out");
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ["f1-per-category.svg", "loss-curves.svg", "results.json", "results.md"]);
  assert.match(readFileSync(join(dir, "results.md"), "utf8"), /\| windfall \(ours\) \| 0\.25 \|/);
});

test("report without results exits one", async () => {
  const result = await cli("report", "--out", "empty-out");
  assert.equal(result.code, 1);
  assert.match(result.stderr, /results\.json not found; run `atariari run` first/);
});

test("render writes frames and grid", async () => {
  const result = await cli("render", "--frames", "3", "--out", "render-out");
  assert.equal(result.code, 0, result.stderr);
  const files = readdirSync(join(scratch, "render-out")).sort();
  assert.deepEqual(files, ["frame-00000.png", "frame-00001.png", "frame-00002.png", "log.jsonl", "sample-frames.png"]);
  const png = readFileSync(join(scratch, "render-out", "frame-00000.png"));
  assert.equal(png.readUInt32BE(16), 160);
  assert.equal(png.readUInt32BE(20), 210);
});

test("run majority end to end", async () => {
  const result = await cli("run", "--method", "majority", "--probe-steps", "1000", "--num-processes", "4", "--out", "e2e");
  assert.equal(result.code, 0, result.stderr);
  const dir = join(scratch, "e2e");
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, [
    "f1-per-category.svg", "log.jsonl", "loss-curves.svg", "results.json", "results.md", "sample-frames.png",
  ]);
  const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
  assert.equal(results.game, "windfall");
  assert.equal(results.adapter, null);
  assert.ok(results.dataset.testFrames > 0);
  const labels = Object.keys(results.methods.majority.labels);
  assert.ok(labels.includes("player_x"), `labels: ${labels}`);
  for (const score of Object.values(results.methods.majority.labels) as Array<{ f1: number }>) {
    assert.ok(score.f1 >= 0, `f1 ${score.f1}`);
    assert.ok(score.f1 <= 1, `f1 ${score.f1}`);
  }
  const reference = results.methods.majority.referenceF1;
  assert.equal(reference.player_x_f1, results.methods.majority.labels.player_x.f1);
  assert.equal(typeof reference.across_categories_avg_f1, "number");
  assert.match(readFileSync(join(dir, "results.md"), "utf8"), /\| windfall \(ours\) \| 0\.\d\d \|/);
  const events = readFileSync(join(dir, "log.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line).event);
  assert.deepEqual(events, ["start", "collected", "end"]);
});
