#!/usr/bin/env node
// Writes the package's TypeScript declarations. tsc emits one .d.ts per
// source file the entries reach into DIR/types/, and DIR/src/index.d.ts
// and DIR/src/node.d.ts re-export the two entries that the esbuild
// bundles in DIR/src/ implement (package.json "types" and "exports").
//
// Usage: node scripts/build-types.mjs [--outdir DIR]. DIR defaults to
// dist; its types/ folder is replaced. `npm pack` runs this through
// prepack; tests pass a temporary package's dist.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: "string" } } });
const outdir = values.outdir === undefined ? join(root, "dist") : resolve(values.outdir);
const typesDir = join(outdir, "types");
rmSync(typesDir, { recursive: true, force: true });

// The sources import each other with .ts extensions, so tsc may emit
// declarations only, and those keep the extensions (consumers resolve them).
// The config sits under node_modules, where tsc finds the type packages
// that tsconfig.json names.
const scratch = join(root, "node_modules", ".cache", "atariari-types");
mkdirSync(scratch, { recursive: true });
const config = join(scratch, "tsconfig.json");
writeFileSync(config, JSON.stringify({
  extends: join(root, "tsconfig.json"),
  compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: join(root, "src"), outDir: typesDir },
  files: [join(root, "src", "index.ts"), join(root, "src", "env", "node.ts")],
  include: [],
}));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", config], { stdio: "inherit" });
rmSync(scratch, { recursive: true, force: true });
if (result.status !== 0) {
  rmSync(typesDir, { recursive: true, force: true });
  console.error(`tsc exited with status ${result.status}; no declarations written`);
  process.exit(1);
}

// The kernels' signatures use WebGPU's types (GPUDevice, GPUBuffer, ...).
const header = '/// <reference types="@webgpu/types" />\n';
mkdirSync(join(outdir, "src"), { recursive: true });
writeFileSync(join(outdir, "src", "index.d.ts"), `${header}export * from "../types/index.js";\n`);
writeFileSync(join(outdir, "src", "node.d.ts"), `${header}export * from "../types/env/node.js";\n`);
