#!/usr/bin/env node
// The `atariari` command. Runs the TypeScript sources through tsx, which
// the package's dev dependencies install.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
