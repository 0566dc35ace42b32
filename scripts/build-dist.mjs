#!/usr/bin/env node
// Bundles the Node library and the CLI with esbuild into dist/, so the
// installed package runs on plain `node` without tsx or other dev
// dependencies. Runtime dependencies (webgpu) stay external imports.
//
// Every bundle sits in dist/src/, two folders below the package root like
// the sources in src/<area>/, so the paths the code derives from
// import.meta.url reach the same files: build/atari.wasm and cart/. The
// shaders are inlined through src/gpu/shaders.generated.ts, so run
// scripts/build-shaders.mjs first (`npm run build` does).
//
// Usage: node scripts/build-dist.mjs [--outdir DIR]. DIR (default dist/src)
// is replaced; tests pass a temporary package's dist/src.
import { build } from "esbuild";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const generated = join(root, "src", "gpu", "shaders.generated.ts");
if (!existsSync(generated)) {
  console.error(`${generated} not found; run npm run build:shaders first`);
  process.exit(1);
}

const { values } = parseArgs({ options: { outdir: { type: "string" } } });
const outdir = values.outdir === undefined ? join(root, "dist", "src") : resolve(values.outdir);
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    // The package entry (package.json main and exports).
    index: "src/index.ts",
    // Node-only helpers: ROM files found on disk, threaded vector envs
    // (package.json exports "./node").
    node: "src/env/node.ts",
    // The CLI's main(), loaded by bin/atariari.mjs.
    cli: "src/cli/main.ts",
    // Loaded by URL at run time, beside the bundle that refers to them:
    // worker threads of openAtariVectorEnv import the vector-env worker,
    // which imports the environment factory module.
    atari: "src/env/atari.ts",
    "vector-worker": "src/env/vector-worker.ts",
  },
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
