import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { fileTuningStore, userTuningCachePath } from "../../src/gpu/index.ts";

test("tuning cache path follows XDG_CACHE_HOME", async () => {
  const path = await userTuningCachePath({ XDG_CACHE_HOME: "/var/cache/me" }, "linux");
  assert.equal(path, join("/var/cache/me", "atariari", "gpu-tuning.json"));
});

test("tuning cache path defaults per platform", async () => {
  assert.equal(await userTuningCachePath({}, "linux"), join(homedir(), ".cache", "atariari", "gpu-tuning.json"));
  assert.equal(await userTuningCachePath({}, "darwin"), join(homedir(), "Library", "Caches", "atariari", "gpu-tuning.json"));
  assert.equal(await userTuningCachePath({ LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" }, "win32"), join("C:\\Users\\me\\AppData\\Local", "atariari", "gpu-tuning.json"));
});

test("file tuning store round trip", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tuning-"));
  try {
    const store = await fileTuningStore(join(dir, "nested", "gpu-tuning.json"));
    assert.deepEqual(store.load(), {});
    store.save({ "adapter|matmul|4x4x4b1nn4": "vec4w64x1" });
    assert.deepEqual(store.load(), { "adapter|matmul|4x4x4b1nn4": "vec4w64x1" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("file tuning store replaces invalid cache", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tuning-"));
  try {
    const path = join(dir, "gpu-tuning.json");
    writeFileSync(path, "{not json");
    const store = await fileTuningStore(path);
    assert.deepEqual(store.load(), {});
    store.save({ key: "variant" });
    assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), { key: "variant" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("file tuning store survives unwritable folder", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tuning-"));
  try {
    // A plain file where the cache folder should be: mkdir fails.
    const blocker = join(dir, "blocker");
    writeFileSync(blocker, "");
    const store = await fileTuningStore(join(blocker, "atariari", "gpu-tuning.json"));
    assert.doesNotThrow(() => store.save({ key: "variant" }));
    assert.deepEqual(store.load(), {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
