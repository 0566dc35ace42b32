// The train and probe stages run apart: the training history that train
// leaves for probe, --resume, and the output-folder check.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { main } from "../../src/cli/main.ts";

const scratch = mkdtempSync(join(tmpdir(), "atariari-stages-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

const TINY = ["--feature-size", "16", "--batch-size", "32", "--seed", "7"];

before(async () => {
  const result = await cli("collect", "--pretraining-steps", "400", "--probe-steps", "1000",
    "--num-processes", "4", "--out", "data");
  assert.equal(result.code, 0, result.stderr);
});

function copyData(name: string): void {
  mkdirSync(join(scratch, name));
  for (const file of ["pretraining-episodes.bin", "probe-episodes.bin"]) {
    cpSync(join(scratch, "data", file), join(scratch, name, file));
  }
}

test("resumed train equals uninterrupted", async () => {
  copyData("whole");
  copyData("split");
  const whole = await cli("train", ...TINY, "--epochs", "2", "--out", "whole");
  assert.equal(whole.code, 0, whole.stderr);
  // --resume without a saved state trains from the start and says so.
  const first = await cli("train", ...TINY, "--epochs", "1", "--resume", "--out", "split");
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /training-state\.safetensors not found, so --resume starts training at epoch 0/);
  const resumed = await cli("train", ...TINY, "--epochs", "2", "--resume", "--out", "split");
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resumed .* after epoch 0/);
  const read = (dir: string, file: string) => readFileSync(join(scratch, dir, file));
  assert.equal(read("split", "encoder-history.json").toString(), read("whole", "encoder-history.json").toString());
  assert.ok(read("split", "encoder.safetensors").equals(read("whole", "encoder.safetensors")), "encoder weights differ");
});

test("autotune caches kernel choices", async () => {
  copyData("tuned");
  process.env.XDG_CACHE_HOME = join(scratch, "cache");
  const result = await cli("train", ...TINY, "--epochs", "1", "--autotune", "--out", "tuned");
  assert.equal(result.code, 0, result.stderr);
  const cache = JSON.parse(readFileSync(join(scratch, "cache", "atariari", "gpu-tuning.json"), "utf8"));
  assert.ok(Object.keys(cache).length > 0, "tuning cache is empty");
  const records = readFileSync(join(scratch, "tuned", "log.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
  const tuning = records.find((record) => record.event === "autotune");
  assert.ok(tuning, "log.jsonl has no autotune record");
  assert.deepEqual(Object.keys(tuning.choices).sort(), Object.keys(cache).sort());
});

// Probes the encoder that the test above trained in "whole".
test("probe reads train's history", async () => {
  const history = JSON.parse(readFileSync(join(scratch, "whole", "encoder-history.json"), "utf8"));
  assert.deepEqual(history.epochs.map((entry: { epoch: number }) => entry.epoch), [0, 1]);
  const probed = await cli("probe", ...TINY, "--epochs", "1", "--out", "whole");
  assert.equal(probed.code, 0, probed.stderr);
  const results = JSON.parse(readFileSync(join(scratch, "whole", "results.json"), "utf8"));
  assert.deepEqual(results.methods["infonce-stdim"].encoderEpochs, history.epochs);
  const chart = readFileSync(join(scratch, "whole", "loss-curves.svg"), "utf8");
  assert.match(chart, /<path d="M/);
  assert.doesNotMatch(chart, /no data/);
});

test("output under /proc is rejected", { skip: process.platform !== "linux" }, async () => {
  const started = performance.now();
  const result = await cli("train", "--out", "/proc/atariari-output");
  assert.equal(result.code, 1);
  assert.match(result.stderr, /output folder \/proc\/atariari-output is not writable \(\/proc is on the proc pseudo filesystem\)/);
  assert.ok(performance.now() - started < 5000, "the check took over 5 s");
});

// Root ignores permission bits, so as root the folder is made immutable
// (chattr +i, which needs an ext2/3/4 or similar filesystem) instead.
test("read-only output folder is rejected", async (t) => {
  const dir = join(scratch, "read-only");
  mkdirSync(dir);
  const root = process.getuid?.() === 0;
  if (root) {
    try {
      execFileSync("chattr", ["+i", dir], { stdio: "ignore" });
    } catch {
      t.skip("chattr +i is not available here and root ignores permission bits");
      return;
    }
  } else {
    chmodSync(dir, 0o555);
  }
  try {
    const result = await cli("train", "--out", join(dir, "results"));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /output folder .*read-only\/results is not writable \((EACCES|EPERM)\)/);
    assert.equal(existsSync(join(dir, "results")), false);
  } finally {
    if (root) execFileSync("chattr", ["-i", dir]);
    else chmodSync(dir, 0o755);
  }
});
