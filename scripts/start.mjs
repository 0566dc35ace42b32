#!/usr/bin/env node
// `npm start`: runs the main job on the built-in cartridge from a fresh
// checkout. Installs npm packages if they are missing, installs the system
// packages (Vulkan driver for WebGPU) unless SKIP_SYSTEM_SETUP is set,
// builds the WebAssembly core, then runs `atariari run --quick` with any
// extra arguments appended (for example `npm start -- --out runs/a`).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit" });

if (!existsSync(join(root, "node_modules", ".bin", "asc"))) {
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}
if (process.platform === "linux" && !process.env.SKIP_SYSTEM_SETUP) {
  run("bash", [join(root, "scripts", "setup-system.sh")]);
}
run("npm", ["run", "--silent", "build"]);

const result = spawnSync(
  process.execPath,
  [join(root, "bin", "atariari.mjs"), "run", "--quick", ...process.argv.slice(2)],
  { cwd: process.cwd(), stdio: "inherit" },
);
process.exit(result.status ?? 1);
