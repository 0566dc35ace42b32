// `atariari report`: rewrites results.md and the plots from results.json.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { prepareOutputDir, type CommandContext } from "../context.ts";
import { CliError } from "../errors.ts";
import { writeReport } from "../report/write.ts";
import { validateResults } from "../results.ts";

export const RESULTS_FILE = "results.json";

export async function reportCommand({ options, io }: CommandContext): Promise<number> {
  const dir = prepareOutputDir(options.out, io.cwd);
  const path = join(dir, RESULTS_FILE);
  if (!existsSync(path)) {
    throw new CliError(`${path} not found; run \`atariari run\` first or pass --out DIR of a finished run`, 1);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliError(`invalid results file ${path}: ${(error as Error).message}`, 1);
  }
  const written = await writeReport(dir, validateResults(data, path));
  for (const file of written) io.stdout.write(`wrote ${file}\n`);
  return 0;
}
