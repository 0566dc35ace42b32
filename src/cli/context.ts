// The context of one command (options, output streams, environment) and
// the output-folder check that every writing command runs first.

import { constants, accessSync, existsSync, mkdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
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

// Filesystems that hold no regular files, by the magic number statfs
// reports on Linux (linux/magic.h). Creating folders in them can block
// (Node's mkdirSync under /proc once hung), so they are rejected up front.
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x1cd1, "devpts"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x73636673, "securityfs"],
]);

/**
 * Creates the output folder if needed and checks that files can be created
 * in it: the nearest existing folder on its path must be on a filesystem
 * with regular files and writable, and a temporary file must be creatable
 * in the folder itself. Throws CliError naming the folder and the fix.
 */
export function prepareOutputDir(dir: string, cwd: string): string {
  const path = resolve(cwd, dir);
  const fail = (reason: string): never => {
    throw new CliError(
      `output folder ${path} is not writable (${reason}); pass --out DIR with a folder you can write to`,
      1,
    );
  };
  const existing = nearestExistingFolder(path);
  const filesystem = pseudoFilesystem(existing);
  if (filesystem !== undefined) fail(`${existing} is on the ${filesystem} pseudo filesystem`);
  try {
    accessSync(existing, constants.W_OK);
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
    const probe = join(path, `.write-check-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    fail((error as NodeJS.ErrnoException).code ?? String(error));
  }
  return path;
}

function nearestExistingFolder(path: string): string {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

function pseudoFilesystem(path: string): string | undefined {
  try {
    return PSEUDO_FILESYSTEMS.get(statfsSync(path).type);
  } catch {
    // statfs is missing on some platforms; the write check still runs.
    return undefined;
  }
}
