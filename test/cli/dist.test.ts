// The bundled package: dist/ built by scripts/build-dist.mjs, laid out as
// npm installs the package (package.json "files" plus the runtime
// dependency webgpu, without tsx or any other dev dependency), run with
// plain node.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";

import { repoRoot, sharedPath } from "../env/helpers.ts";

const scratch = mkdtempSync(join(tmpdir(), "atariari-dist-"));
const pkg = join(scratch, "package");
after(() => rmSync(scratch, { recursive: true, force: true }));

before(() => {
  mkdirSync(pkg);
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  for (const entry of manifest.files as string[]) {
    if (entry.startsWith("dist/")) continue;
    cpSync(join(repoRoot, entry), join(pkg, entry), { recursive: true });
  }
  cpSync(join(repoRoot, "package.json"), join(pkg, "package.json"));
  execFileSync(process.execPath, [join(repoRoot, "scripts", "build-dist.mjs"), "--outdir", join(pkg, "dist", "src")]);
  execFileSync(process.execPath, [join(repoRoot, "scripts", "build-types.mjs"), "--outdir", join(pkg, "dist")]);
  mkdirSync(join(pkg, "node_modules"));
  for (const dependency of Object.keys(manifest.dependencies)) {
    mkdirSync(dirname(join(pkg, "node_modules", dependency)), { recursive: true });
    symlinkSync(join(repoRoot, "node_modules", dependency), join(pkg, "node_modules", dependency), "dir");
  }
});

function atariari(...args: string[]) {
  // Plain node: no --import tsx, and NODE_OPTIONS cleared so no loader leaks in.
  return spawnSync(process.execPath, [join(pkg, "bin", "atariari.mjs"), ...args], {
    cwd: scratch,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
}

test("package has no tsx", () => {
  assert.equal(existsSync(join(pkg, "node_modules", "tsx")), false);
  assert.equal(existsSync(join(pkg, "src")), false);
  assert.ok(existsSync(join(pkg, "dist", "src", "cli.js")));
});

test("dist CLI prints help", () => {
  const result = atariari("--help");
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Usage: atariari \[command\] \[flags\]/);
  assert.match(result.stdout, /--resume/);
});

test("dist CLI lists ROMs", () => {
  const result = atariari("roms", "--rom-dir", sharedPath("roms"));
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^windfall +[0-9a-f]{32} +4096 +${join(pkg, "cart", "windfall.bin")}$`, "m"));
  assert.match(result.stdout, /^pong +60e0ea3cbe0913d39803477945e9e5ec +2048 /m);
});

test("dist CLI runs majority job", () => {
  const result = atariari("run", "--method", "majority", "--probe-steps", "1000", "--num-processes", "4",
    "--out", "majority");
  assert.equal(result.status, 0, result.stderr);
  const results = JSON.parse(readFileSync(join(scratch, "majority", "results.json"), "utf8"));
  assert.equal(results.game, "windfall");
  assert.ok(results.dataset.testFrames > 0);
});

test("dist types compile for consumers", () => {
  // A consumer as npm lays it out: the package and @types/node in its
  // node_modules, strict settings, no allowImportingTsExtensions.
  const consumer = join(scratch, "consumer");
  mkdirSync(join(consumer, "node_modules", "@types"), { recursive: true });
  symlinkSync(pkg, join(consumer, "node_modules", "atariari-wasm"), "dir");
  symlinkSync(join(repoRoot, "node_modules", "@types", "node"), join(consumer, "node_modules", "@types", "node"), "dir");
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"] },
  }));
  writeFileSync(join(consumer, "main.ts"), [
    'import { ALEInterface, Gpu } from "atariari-wasm";',
    'import { openAtariVectorEnv } from "atariari-wasm/node";',
    "const ale = await ALEInterface.create();",
    "const reward: number = ale.act(0);",
    "const width: number = ale.getScreenDims().width;",
    "const gpu: Gpu = await Gpu.create();",
    "const device: GPUDevice = gpu.device;",
    "// @ts-expect-error act() takes an action number",
    'ale.act("fire");',
    "export { reward, width, device, openAtariVectorEnv };",
    "",
  ].join("\n"));
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", consumer], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
