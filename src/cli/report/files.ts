/** Names of the report files in an output folder. */
export const REPORT_FILES = {
  markdown: "results.md",
  lossCurves: "loss-curves.svg",
  categoryBars: "f1-per-category.svg",
  frames: "sample-frames.png",
} as const;
