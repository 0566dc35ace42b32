#!/usr/bin/env node
// The `atariari` command. Runs the compiled CLI from dist/ when a build
// has produced it, else the TypeScript sources through tsx (a dev
// dependency, so a checkout with `npm install` has it).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/src/cli/main.js", import.meta.url);
let main;
if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
// A closed pipe (`atariari roms | head`) ends the command quietly.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
