#!/usr/bin/env node
// The `atariari` command. Runs the bundled CLI from dist/ when a build has
// produced it (`npm run build`, and the installed package ships it), else
// the TypeScript sources through tsx, a dev dependency that a checkout with
// `npm install` has.
import { existsSync } from "node:fs";

const bundled = new URL("../dist/src/cli.js", import.meta.url);
let main;
if (existsSync(bundled)) {
  ({ main } = await import(bundled.href));
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
