// The demo page in headless Chromium (WebGPU on SwiftShader's Vulkan):
// a tiny run end to end, checked against the same run through the Node
// API on Dawn, plus the messages for a bad ROM and for a browser without
// WebGPU. The Node run uses the SwiftShader Vulkan driver that Chromium
// bundles, so both sides run the same driver and must agree exactly. WEB_SCREENSHOT=docs/demo.png also saves the finished page there,
// and WEB_RUN=default runs the page's default settings in place of the tiny ones.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

import { buildWeb } from "../../scripts/build-web.ts";
import { startServer, type StaticServer } from "../../scripts/serve.ts";
import { decodeSafetensors } from "../../src/checkpoint/safetensors.ts";
import { gameLabelTable } from "../../src/cli/labels.ts";
import { validateResults } from "../../src/cli/results.ts";
import { Gpu } from "../../src/gpu/index.ts";
import { runMethod, type MethodResult } from "../../src/probe/experiment.ts";
import { md5Hex } from "../../src/roms/md5.ts";
import { collectForProbes, DEMO_SETTINGS, summarizeDataset, type BenchmarkSettings, type DatasetSummary } from "../../src/web/benchmark-job.ts";
import type { DemoState } from "../../src/web/demo/main.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const BASE_ARGS = [
  "--no-sandbox",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// WebGPU on a machine without a GPU: SwiftShader's Vulkan.
const WEBGPU_ARGS = [
  "--enable-unsafe-webgpu",
  "--enable-features=Vulkan",
  "--use-vulkan=swiftshader",
  "--use-webgpu-adapter=swiftshader",
];
const RUN_TIMEOUT_MS = 600_000;
// Chromium's own SwiftShader Vulkan driver. Pointing the Vulkan loader at
// it (VK_ICD_FILENAMES) gives Dawn in Node the adapter the page gets.
// Different drivers may round exp, log and fused multiply-adds
// differently (WGSL allows it), and after a little training such ulps
// flip near-tied probe predictions, so only the same driver can be held
// to equal numbers.
const SWIFTSHADER_ICD = process.env.SWIFTSHADER_ICD ?? "/usr/lib/chromium/vk_swiftshader_icd.json";

// Small enough for two CPU cores. Eight copies give about nine episodes
// longer than 64 frames, so the 70/10/20 episode split leaves at least one
// episode in each of train, validation and test.
const TINY: BenchmarkSettings = {
  ...DEMO_SETTINGS,
  steps: 1600,
  numEnvs: 8,
  batchSize: 32,
  encoderEpochs: 1,
  probeEpochs: 2,
  seed: 7,
};
const SHARED_ROMS = resolve(fileURLToPath(new URL("../..", import.meta.url)), "..", "shared", "roms");
const RUN = process.env.WEB_RUN === "default" ? DEMO_SETTINGS : TINY;

const root = fileURLToPath(new URL("../..", import.meta.url));
const skip =
  (!existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}`) ||
  (!existsSync(SWIFTSHADER_ICD) && `no SwiftShader Vulkan driver at ${SWIFTSHADER_ICD} (set SWIFTSHADER_ICD)`);
let dir = "";
let server: StaticServer | undefined;
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), "web-demo-"));
  await buildWeb({ out: join(dir, "site") });
  server = await startServer(join(dir, "site"), 0);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, ...WEBGPU_ARGS], headless: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPage(b: Browser): Promise<{ page: Page; console: string[] }> {
  const page = await b.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const console: string[] = [];
  page.on("console", (message) => console.push(message.text()));
  page.on("pageerror", (error) => console.push(`page error: ${error.message}`));
  await page.goto(`${server!.origin}/`);
  await page.waitForFunction(() => (window as unknown as { atariariDemo?: DemoState }).atariariDemo?.ready === true, undefined, {
    timeout: 60_000,
  });
  return { page, console };
}

const demoState = (page: Page) => page.evaluate(() => (window as unknown as { atariariDemo: DemoState }).atariariDemo);

/** Runs the same benchmark through the Node API: collection, then runMethod on Dawn. */
async function runInNode(settings: BenchmarkSettings): Promise<{ dataset: DatasetSummary; result: MethodResult }> {
  const rom = new Uint8Array(readFileSync(join(root, "cart", "windfall.bin")));
  const game = { name: "windfall", rom, md5: md5Hex(rom), source: "built-in", labels: gameLabelTable("windfall")! };
  const data = await collectForProbes(game, settings);
  // The loader reads it when Dawn creates its Vulkan instance, at this
  // process's first adapter request. Chromium, launched earlier, keeps its own.
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const gpu = await Gpu.create();
  assert.match(gpu.adapter.description, /swiftshader/i, "Node's adapter is not SwiftShader");
  try {
    const result = await runMethod(settings.method, data, {
      gpu,
      seed: settings.seed,
      batchSize: settings.batchSize,
      lr: settings.lr,
      encoderEpochs: settings.encoderEpochs,
      encoderPatience: settings.encoderPatience,
      probeEpochs: settings.probeEpochs,
      probePatience: settings.probePatience,
      encoder: { featureSize: settings.featureSize, downsample: settings.downsample },
    });
    return { dataset: summarizeDataset(data), result };
  } finally {
    gpu.destroy();
  }
}

test("tiny run matches the Node API", { skip, timeout: RUN_TIMEOUT_MS }, async (t) => {
  // Node's run goes on while the browser runs, one core each.
  const nodeRun = runInNode(RUN);
  const { page, console } = await openPage(browser!);
  const ready = await demoState(page);
  assert.equal(ready.webgpu, true, `no WebGPU device in Chromium: ${ready.message}\n${console.join("\n")}`);
  t.diagnostic(`adapter: ${ready.adapter}`);
  for (const name of ["steps", "numEnvs", "batchSize", "encoderEpochs", "probeEpochs", "seed"] as const) {
    await page.fill(`#settings [name=${name}]`, String(RUN[name]));
  }
  await page.click("#start");

  await page.click("#pause");
  await page.waitForFunction(() => document.getElementById("stage")!.textContent!.startsWith("Paused"));
  const pausedAt = await page.evaluate(() => (document.getElementById("progress") as HTMLProgressElement).value);
  await page.waitForTimeout(500);
  const stillAt = await page.evaluate(() => (document.getElementById("progress") as HTMLProgressElement).value);
  assert.equal(stillAt, pausedAt, "the run moved on while paused");
  await page.click("#pause");

  await page.waitForFunction(
    () => ["done", "failed", "stopped"].includes((window as unknown as { atariariDemo: DemoState }).atariariDemo.stage),
    undefined,
    { timeout: RUN_TIMEOUT_MS, polling: 500 },
  );
  const state = await demoState(page);
  assert.equal(state.stage, "done", `run ended as ${state.stage}: ${state.message}\n${console.join("\n")}`);
  const screenshot = process.env.WEB_SCREENSHOT ? resolve(root, process.env.WEB_SCREENSHOT) : join(dir, "demo.png");
  await page.screenshot({ path: screenshot, fullPage: true });

  const node = await nodeRun;
  assert.deepEqual(state.dataset!.checksums, node.dataset.checksums);
  assert.deepEqual(state.dataset!.labelsKept, node.dataset.labelsKept);
  const nodeLosses = node.result.encoderTraining!.history;
  assert.equal(state.epochs.length, nodeLosses.length);
  state.epochs.forEach((epoch, i) => {
    t.diagnostic(`epoch ${i} train loss: page ${epoch.train.loss}, node ${nodeLosses[i].train.loss}`);
    assert.equal(epoch.train.loss, nodeLosses[i].train.loss, `epoch ${i} train loss`);
    assert.equal(epoch.val.loss, nodeLosses[i].val.loss, `epoch ${i} validation loss`);
  });

  // The page shows its own scores, cell by cell, and they are Node's.
  const shownScores = await page.$$eval("#label-table tbody tr", (rows) =>
    rows.map((row) => ({ label: (row as HTMLElement).dataset.label!, f1: row.querySelector(".f1")!.textContent! })),
  );
  assert.deepEqual(shownScores.map((row) => row.label).sort(), Object.keys(node.result.labels).sort());
  for (const row of shownScores) {
    const pageF1 = state.f1![row.label];
    const nodeF1 = node.result.labels[row.label].f1;
    t.diagnostic(`${row.label}: page ${pageF1}, node ${nodeF1}`);
    assert.equal(row.f1, pageF1.toFixed(3), `shown F1 of ${row.label}`);
    assert.equal(pageF1, nodeF1, `F1 of ${row.label}`);
  }
  const summary = await page.textContent("#results-summary");
  const shownMean = /across categories: ([0-9.]+)/.exec(summary!)?.[1];
  const nodeMean = node.result.f1.acrossCategoriesAvg;
  t.diagnostic(`mean F1 across categories: page ${shownMean}, node ${nodeMean}`);
  assert.equal(shownMean, nodeMean.toFixed(3), "mean F1 across categories");

  const [resultsDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-results")]);
  const results = validateResults(JSON.parse(readFileSync((await resultsDownload.path())!, "utf8")), "results.json");
  assert.equal(results.game, "windfall");
  t.diagnostic(`page timings: ${JSON.stringify(results.timings)}`);
  assert.equal(results.methods[RUN.method].labels.player_x.f1, state.f1!.player_x);
  const [checkpointDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-checkpoint")]);
  const checkpoint = decodeSafetensors(new Uint8Array(readFileSync((await checkpointDownload.path())!)));
  assert.ok([...checkpoint.tensors.keys()].every((name) => name.startsWith("main.")));
  assert.ok(checkpoint.tensors.size >= 4, `only ${checkpoint.tensors.size} tensors in the checkpoint`);

  assert.ok(readFileSync(screenshot).length > 10_000);
  await page.close();
});

test("bad ROM files get a message", { skip, timeout: 120_000 }, async () => {
  const { page } = await openPage(browser!);
  const cases = [
    { name: "empty.bin", bytes: new Uint8Array(0), expected: /empty\.bin is empty/ },
    { name: "short.bin", bytes: new Uint8Array(3000).fill(0xea), expected: /short\.bin is not a valid Atari 2600 ROM: ROM size 3000 bytes/ },
    { name: "unknown.bin", bytes: new Uint8Array(4096).fill(0xea), expected: /unknown\.bin \(MD5 [0-9a-f]{32}\) is not one of the ROMs ALE 0\.12\.1 supports/ },
  ];
  for (const c of cases) {
    await page.setInputFiles("#rom-file", { name: c.name, mimeType: "application/octet-stream", buffer: Buffer.from(c.bytes) });
    await page.waitForFunction((name) => (window as unknown as { atariariDemo: DemoState }).atariariDemo.message?.includes(name) === true, c.name);
    const state = await demoState(page);
    assert.match(state.message!, c.expected);
    assert.equal(state.game, "windfall", "a bad ROM replaced the selected game");
    assert.equal(await page.isVisible("#message"), true);
  }
  await page.close();
});

test("ROM files of real games", { skip: skip || (!existsSync(SHARED_ROMS) && `no ROMs at ${SHARED_ROMS}`), timeout: 120_000 }, async () => {
  const { page } = await openPage(browser!);
  await page.setInputFiles("#rom-file", join(SHARED_ROMS, "pong.bin"));
  await page.waitForFunction(() => (window as unknown as { atariariDemo: DemoState }).atariariDemo.game === "pong");
  assert.equal((await demoState(page)).message, null);
  assert.match((await page.textContent("#game-info"))!, /^pong · 2048 bytes · MD5 [0-9a-f]{32} · 8 labels: player_y, player_x, enemy_y, enemy_x, ball_x/);
  assert.equal(await page.inputValue("#game-select"), "file");

  // An ALE game that AtariARI did not annotate cannot be probed.
  await page.setInputFiles("#rom-file", join(SHARED_ROMS, "enduro.bin"));
  await page.waitForFunction(() => (window as unknown as { atariariDemo: DemoState }).atariariDemo.message !== null);
  const state = await demoState(page);
  assert.match(state.message!, /enduro\.bin is enduro, which has no AtariARI RAM annotations/);
  assert.equal(state.game, "pong");

  await page.selectOption("#game-select", "windfall");
  await page.waitForFunction(() => (window as unknown as { atariariDemo: DemoState }).atariariDemo.game === "windfall");
  await page.close();
});

test("stop ends a run", { skip, timeout: 120_000 }, async () => {
  const { page } = await openPage(browser!);
  await page.click("#start");
  await page.waitForFunction(() => (document.getElementById("progress") as HTMLProgressElement).value > 0);
  await page.click("#stop");
  await page.waitForFunction(() => (window as unknown as { atariariDemo: DemoState }).atariariDemo.stage === "stopped");
  assert.equal(await page.isEnabled("#start"), true);
  assert.equal(await page.isDisabled("#stop"), true);
  assert.equal(await page.isDisabled("#download-results"), true);
  assert.equal(await page.isDisabled("#download-checkpoint"), true, "no epoch finished, so there is no checkpoint");
  assert.equal((await demoState(page)).message, null);
  await page.close();
});

test("missing WebGPU gets a message", { skip, timeout: 120_000 }, async () => {
  const plain = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, "--disable-features=WebGPU,Vulkan"], headless: true });
  try {
    const { page } = await openPage(plain);
    const state = await demoState(page);
    assert.equal(state.webgpu, false);
    assert.match(state.message ?? "", /WebGPU/);
    assert.equal(await page.isDisabled("#start"), true);
    assert.equal(await page.isVisible("#message"), true);
    // The emulator runs without WebGPU.
    await page.waitForFunction(() => Number(document.getElementById("frame-number")!.textContent) > 10);
  } finally {
    await plain.close();
  }
});
