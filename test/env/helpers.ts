import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Returns a path under the shared data folder, which sits beside the repository. */
export function sharedPath(relative: string): string {
  return join(repoRoot, "..", "shared", relative);
}

/** Reads and parses an ALE trace from the shared data. */
export function readTrace(game: string): any {
  return JSON.parse(
    gunzipSync(readFileSync(sharedPath(`ale-traces/${game}.trace.json.gz`))).toString("utf8"),
  );
}
