// The context of one command (options, output streams, environment) and
// the output-folder check that every writing command runs first.

import { constants, accessSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { CliError } from "./errors.ts";
import type { Options } from "./options.ts";
import type { ProgressStream } from "./progress.ts";

/** Streams and environment of one invocation; tests pass their own. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface CommandContext {
  options: Options;
  io: CliIo;
}

/**
 * The package root: two folders above this file both in the sources
 * (src/cli/) and in the bundles (dist/src/).
 */
export const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Creates the output folder if needed and checks that files can be created
 * in it. Throws CliError naming the folder and the fix.
 */
export function prepareOutputDir(dir: string, cwd: string): string {
  const path = resolve(cwd, dir);
  try {
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
    const probe = join(path, `.write-check-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(
      `output folder ${path} is not writable (${code}); pass --out DIR with a folder you can write to`,
      1,
    );
  }
  return path;
}
