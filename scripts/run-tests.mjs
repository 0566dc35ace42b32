#!/usr/bin/env node
// Runs the whole test suite from a fresh checkout: installs npm packages if
// they are missing, installs the system packages (Vulkan driver, Chromium),
// builds the WebAssembly core, then runs every test/**/*.test.ts file with
// Node's test runner. Extra arguments are passed to `node --test`, and
// TEST_FILTER=substring limits the run to matching test files.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (command, args) =>
  execFileSync(command, args, { cwd: root, stdio: "inherit" });

if (!existsSync(join(root, "node_modules", ".bin", "asc"))) {
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}
if (process.platform === "linux" && !process.env.SKIP_SYSTEM_SETUP) {
  run("bash", [join(root, "scripts", "setup-system.sh")]);
}
run("npm", ["run", "--silent", "build"]);

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

const filter = process.env.TEST_FILTER ?? "";
const files = findTests(join(root, "test"))
  .map((path) => relative(root, path))
  .filter((path) => path.includes(filter));
if (files.length === 0) {
  console.error(`no test files match TEST_FILTER=${JSON.stringify(filter)}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", ...process.argv.slice(2), ...files],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
