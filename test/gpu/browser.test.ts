// The kernel suite in headless Chromium on its WebGPU implementation
// (SwiftShader's Vulkan on CPU-only machines): the suite is bundled with
// esbuild, served on 127.0.0.1 and driven by playwright-core.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import type { BrowserResult } from "./browser-entry.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// WebGPU on a machine without a GPU: SwiftShader's Vulkan, and no network
// services (this machine's network is closed).
const CHROMIUM_ARGS = [
  "--enable-unsafe-webgpu",
  "--enable-features=Vulkan",
  "--use-vulkan=swiftshader",
  "--use-webgpu-adapter=swiftshader",
  "--no-sandbox",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SUITE_TIMEOUT_MS = 240_000;

const root = fileURLToPath(new URL("../..", import.meta.url));
let dir = "";
let server: Server | undefined;
let browser: Browser | undefined;
let origin = "";

before(async () => {
  if (!existsSync(CHROMIUM)) return;
  dir = mkdtempSync(join(tmpdir(), "kernel-suite-"));
  await build({
    entryPoints: [join(root, "test/gpu/browser-entry.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    outfile: join(dir, "suite.js"),
    // Node-only branches load these lazily; the browser never reaches them.
    external: ["webgpu", "node:*"],
    logLevel: "error",
  });
  const pages: Record<string, [string, string]> = {
    "/": ["text/html", '<!doctype html><meta charset="utf-8"><script type="module" src="/suite.js"></script>'],
    "/suite.js": ["text/javascript", readFileSync(join(dir, "suite.js"), "utf8")],
  };
  server = createServer((request, response) => {
    const page = pages[request.url ?? ""];
    response.writeHead(page ? 200 : 404, { "content-type": page?.[0] ?? "text/plain" });
    response.end(page?.[1] ?? "not found");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("kernel suite in chromium", { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, async (t) => {
  const page = await browser!.newPage();
  const console: string[] = [];
  page.on("console", (message) => console.push(message.text()));
  await page.goto(origin);
  await page.waitForFunction(
    () => (window as unknown as { kernelSuite?: { done: boolean } }).kernelSuite?.done === true,
    undefined,
    { timeout: SUITE_TIMEOUT_MS, polling: 500 },
  );
  const state = (await page.evaluate(() => (window as unknown as { kernelSuite: unknown }).kernelSuite)) as {
    adapter: string;
    results: BrowserResult[];
    error?: string;
  };
  assert.equal(state.error, undefined, `suite failed to start: ${state.error}\n${console.join("\n")}`);
  t.diagnostic(`adapter: ${state.adapter}`);
  for (const r of state.results) {
    t.diagnostic(`${r.ok ? "ok" : "FAILED"} ${r.name}: ${r.detail}`);
  }
  const failed = state.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);
  assert.deepEqual(failed, []);
  assert.ok(state.results.length > 10, `only ${state.results.length} cases ran`);
});
