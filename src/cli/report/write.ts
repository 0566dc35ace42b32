// Writes the report files of a results folder: results.md and the SVG
// plots, and the sample-frame grid when frames are given. Every file is
// written atomically (temporary file, then rename).

import { join } from "node:path";

import { writeFileAtomic } from "../../checkpoint/files.ts";
import type { Results } from "../results.ts";
import { REPORT_FILES } from "./files.ts";
import { frameGrid, type CaptionedFrame } from "./frame-grid.ts";
import { renderResultsMarkdown } from "./markdown.ts";
import { encodePng } from "./png.ts";
import { categoryBarsSvg, lossCurvesSvg } from "./svg.ts";

export { REPORT_FILES };

/** Writes results.md and the plots into `dir`; returns the paths written. */
export async function writeReport(dir: string, results: Results): Promise<string[]> {
  const runs: Record<string, Results["methods"][string]["encoderEpochs"]> = {};
  for (const [method, entry] of Object.entries(results.methods)) {
    if (entry.encoderEpochs.length > 0) runs[method] = entry.encoderEpochs;
  }
  const files: Array<[string, string]> = [
    [REPORT_FILES.markdown, renderResultsMarkdown(results)],
    [REPORT_FILES.lossCurves, lossCurvesSvg(`${results.game}: encoder loss`, runs)],
    [REPORT_FILES.categoryBars, categoryBarsSvg(results)],
  ];
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    await writeFileAtomic(path, new TextEncoder().encode(content));
    written.push(path);
  }
  return written;
}

/** Writes the grid of sample frames with their labels as a PNG. */
export async function writeFrameGrid(dir: string, frames: CaptionedFrame[]): Promise<string> {
  const path = join(dir, REPORT_FILES.frames);
  await writeFileAtomic(path, encodePng(frameGrid(frames)));
  return path;
}
