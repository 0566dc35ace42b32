// results.md: our probe scores in the layout of the AtariARI paper's tables
// (one row per game with a column per method, one row per label category),
// with the published numbers beside ours.

import { labelCategories, summarizeMetric, type Category } from "../../probe/categories.ts";
import type { Results } from "../results.ts";
import { REPORT_FILES } from "./files.ts";
import { PUBLISHED, publishedForGame } from "./published.ts";

// Rows in the order of the paper's per-category table.
const CATEGORY_ORDER: readonly Category[] = [
  "agent_localization",
  "small_object_localization",
  "other_localization",
  "score_clock_lives_display",
  "misc_keys",
];

const CATEGORY_TITLES: Record<Category, string> = {
  agent_localization: "Agent localization",
  small_object_localization: "Small object localization",
  other_localization: "Other localization",
  score_clock_lives_display: "Score/clock/lives/display",
  misc_keys: "Miscellaneous",
};

/** Renders results.md from the contents of results.json. */
export function renderResultsMarkdown(results: Results): string {
  const methods = Object.keys(results.methods);
  const sections = [
    header(results, methods),
    gameTable(results),
    categoryTable(results, methods, "f1"),
    categoryTable(results, methods, "accuracy"),
    plotsSection(),
    labelTable(results, methods),
    datasetSection(results),
  ];
  return sections.join("\n\n") + "\n";
}

function header(results: Results, methods: string[]): string {
  const lines = [
    `# AtariARI probe results: ${results.game}`,
    "",
    `Methods: ${methods.join(", ") || "none"}. ROM md5 \`${results.rom.md5}\`.`,
    "Scores are test-set weighted F1 (scikit-learn's definition) and accuracy of " +
      "linear probes, averaged within each label category and then across categories.",
    "Published numbers are from Anand et al. 2019 (random-agent data, as the " +
      "authors' results notebook prints them): the row for this game where the " +
      "paper has it, and means over the paper's 22 games.",
  ];
  const setting = settingLine(results.config);
  if (setting) lines.push("", setting);
  return lines.join("\n");
}

/** The paper's setting: frames collected, epochs and input size. */
const PAPER_SETTING = { pretrainingSteps: 100_000, probeSteps: 50_000, epochs: 100 };

/**
 * Describes the run's scale from results.json's config, and notes when it is
 * smaller than the paper's setting. Returns "" when the config lacks the fields.
 */
function settingLine(config: Record<string, unknown>): string {
  const { pretrainingSteps, probeSteps, epochs, batchSize, lr, downsample } = config;
  if (typeof probeSteps !== "number" || typeof epochs !== "number") return "";
  const frames = downsample === true ? "84x84" : "210x160";
  const parts = [
    typeof pretrainingSteps === "number" ? `${pretrainingSteps} pretraining frames` : null,
    `${probeSteps} probe frames`,
    `${frames} frames`,
    `up to ${epochs} epochs`,
    typeof batchSize === "number" ? `batch ${batchSize}` : null,
    typeof lr === "number" ? `encoder lr ${lr}` : null,
  ].filter((part) => part !== null);
  let line = `Run: ${parts.join(", ")}.`;
  const smaller =
    (typeof pretrainingSteps === "number" && pretrainingSteps < PAPER_SETTING.pretrainingSteps) ||
    probeSteps < PAPER_SETTING.probeSteps ||
    epochs < PAPER_SETTING.epochs ||
    downsample === true;
  if (smaller) {
    line +=
      " This is smaller than the paper's setting (100,000 pretraining and 50,000 probe frames " +
      "of 210x160, up to 100 epochs), so the scores are not comparable with the published ones.";
  }
  return line;
}

function gameTable(results: Results): string {
  const columns = PUBLISHED.methods;
  const lines = [
    "## F1 across categories (the paper's per-game table)",
    "",
    row(["", ...columns]),
    rule(columns.length + 1),
  ];
  const ours = columns.map((method) => {
    const entry = results.methods[method];
    return entry ? format(acrossCategories(entry.labels, "f1")) : "";
  });
  lines.push(row([`${results.game} (ours)`, ...ours]));
  const published = publishedForGame(results.game);
  if (published) {
    lines.push(row([`${results.game} (published)`, ...columns.map((m) => format(published[m]))]));
  }
  const mean = PUBLISHED.per_game.mean;
  lines.push(row(["mean of 22 games (published)", ...columns.map((m) => format(mean[m]))]));
  const extra = Object.keys(results.methods).filter((m) => !columns.includes(m));
  if (extra.length > 0) {
    lines.push("", `Not in the paper's table: ${extra
      .map((m) => `${m} ${format(acrossCategories(results.methods[m].labels, "f1"))}`)
      .join(", ")}.`);
  }
  return lines.join("\n");
}

function categoryTable(results: Results, methods: string[], metric: "f1" | "accuracy"): string {
  const title = metric === "f1" ? "F1" : "Accuracy";
  const publishedNote = metric === "f1";
  const headers = [""];
  for (const method of methods) {
    headers.push(`${method} (ours)`);
    if (publishedNote && PUBLISHED.methods.includes(method)) {
      headers.push(`${method} (published mean of 22 games)`);
    }
  }
  const lines = [
    `## ${title} per category`,
    "",
    row(headers),
    rule(headers.length),
  ];
  const summaries = methods.map((m) => summarize(results.methods[m].labels, metric));
  for (const category of CATEGORY_ORDER) {
    const cells = [CATEGORY_TITLES[category]];
    methods.forEach((method, i) => {
      cells.push(format(summaries[i]?.categories[category]));
      if (publishedNote && PUBLISHED.methods.includes(method)) {
        cells.push(format(PUBLISHED.per_category_mean_over_games[category]?.[method]));
      }
    });
    lines.push(row(cells));
  }
  const overall = ["Across categories"];
  methods.forEach((method, i) => {
    overall.push(format(summaries[i]?.acrossCategoriesAvg));
    if (publishedNote && PUBLISHED.methods.includes(method)) {
      overall.push(format(PUBLISHED.per_game.mean[method]));
    }
  });
  lines.push(row(overall));
  return lines.join("\n");
}

// The plots sit beside results.md, so relative links show them.
function plotsSection(): string {
  return [
    "## Plots",
    "",
    `![F1 per category, ours and published](${REPORT_FILES.categoryBars})`,
    "",
    `![Encoder training and validation loss](${REPORT_FILES.lossCurves})`,
    "",
    `![Sample test frames with their labels](${REPORT_FILES.frames})`,
  ].join("\n");
}

function labelTable(results: Results, methods: string[]): string {
  const headers = ["label", "categories"];
  for (const method of methods) headers.push(`${method} F1`, `${method} accuracy`);
  const lines = ["## Per label (test set)", "", row(headers), rule(headers.length, 2)];
  const labels = new Set<string>();
  for (const method of methods) {
    for (const label of Object.keys(results.methods[method].labels)) labels.add(label);
  }
  for (const label of [...labels].sort()) {
    const cells = [`\`${label}\``, labelCategories(label).map(shortCategory).join(", ") || "none"];
    for (const method of methods) {
      const score = results.methods[method].labels[label];
      cells.push(format(score?.f1), format(score?.accuracy));
    }
    lines.push(row(cells));
  }
  return lines.join("\n");
}

function datasetSection(results: Results): string {
  const d = results.dataset;
  const lines = [
    "## Data",
    "",
    `${d.episodes} episodes: ${d.trainFrames} training, ${d.validationFrames} validation ` +
      `and ${d.testFrames} test frames.`,
  ];
  if (d.labelsDropped.length > 0) {
    lines.push(
      `Labels dropped by the entropy filter: ${d.labelsDropped.map((l) => `\`${l}\``).join(", ")}.`,
    );
  }
  const timings = Object.entries(results.timings);
  if (timings.length > 0) {
    lines.push("", "| stage | seconds |", "|---|---:|");
    for (const [stage, seconds] of timings) lines.push(`| ${stage} | ${seconds.toFixed(1)} |`);
  }
  return lines.join("\n");
}

function summarize(labels: Results["methods"][string]["labels"], metric: "f1" | "accuracy") {
  const values: Record<string, number> = {};
  for (const [label, score] of Object.entries(labels)) values[label] = score[metric];
  return Object.keys(values).length > 0 ? summarizeMetric(values) : undefined;
}

function acrossCategories(labels: Results["methods"][string]["labels"], metric: "f1" | "accuracy") {
  return summarize(labels, metric)?.acrossCategoriesAvg;
}

function shortCategory(category: Category): string {
  return CATEGORY_TITLES[category].toLowerCase();
}

function format(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? "–" : value.toFixed(2);
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

// Text columns are left-aligned, number columns right-aligned.
function rule(count: number, textColumns = 1): string {
  return `|${"---|".repeat(textColumns)}${"---:|".repeat(count - textColumns)}`;
}
