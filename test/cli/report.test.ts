import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { inflateSync } from "node:zlib";

import { frameGrid, labelCaptions } from "../../src/cli/report/frame-grid.ts";
import { renderResultsMarkdown } from "../../src/cli/report/markdown.ts";
import { crc32, encodePng } from "../../src/cli/report/png.ts";
import { categoryBarsSvg, lossCurvesSvg, niceRange } from "../../src/cli/report/svg.ts";
import { REPORT_FILES, writeReport } from "../../src/cli/report/write.ts";
import { validateResults, type Results } from "../../src/cli/results.ts";

// Pong's labels with made-up scores: agent (player_y), small object
// (ball_x, ball_y), other (enemy_y) and score (player_score, enemy_score).
function fixture(): Results {
  return {
    format: "atariari-results/1",
    game: "pong",
    rom: { path: "pong.bin", md5: "60e0ea3cbe0913d39803477945e9e5ec", bytes: 2048 },
    config: { method: "infonce-stdim" },
    versions: { node: "v20" },
    adapter: null,
    timings: { collect: 12.5, train: 30 },
    dataset: {
      trainFrames: 700, validationFrames: 100, testFrames: 200, episodes: 5,
      labelsKept: ["player_y", "enemy_y", "ball_x", "ball_y", "player_score", "enemy_score"],
      labelsDropped: ["enemy_x"],
    },
    methods: {
      "infonce-stdim": {
        labels: {
          player_y: { f1: 0.8, accuracy: 0.85 },
          enemy_y: { f1: 0.6, accuracy: 0.7 },
          ball_x: { f1: 0.4, accuracy: 0.5 },
          ball_y: { f1: 0.2, accuracy: 0.3 },
          player_score: { f1: 1, accuracy: 1 },
          enemy_score: { f1: 0.9, accuracy: 0.95 },
        },
        encoderEpochs: [
          { epoch: 0, trainLoss: 8.2, valLoss: 8.5 },
          { epoch: 1, trainLoss: 6.1, valLoss: 7.0 },
          { epoch: 2, trainLoss: 5.0, valLoss: 6.4 },
        ],
        checkpoint: "encoder.safetensors",
      },
      majority: {
        labels: {
          player_y: { f1: 0.1, accuracy: 0.2 },
          enemy_y: { f1: 0.1, accuracy: 0.2 },
          ball_x: { f1: 0.1, accuracy: 0.2 },
          ball_y: { f1: 0.1, accuracy: 0.2 },
          player_score: { f1: 0.3, accuracy: 0.4 },
          enemy_score: { f1: 0.3, accuracy: 0.4 },
        },
        encoderEpochs: [],
        checkpoint: null,
      },
    },
  };
}

function tableRow(markdown: string, first: string): string[] {
  const line = markdown.split("\n").find((l) => l.startsWith(`| ${first} |`));
  assert.ok(line, `no row starting with ${first}`);
  return line.split("|").slice(1, -1).map((cell) => cell.trim());
}

test("markdown game row beside published", () => {
  const markdown = renderResultsMarkdown(fixture());
  const header = tableRow(markdown, "");
  assert.deepEqual(header.slice(1), ["majority", "random-cnn", "vae", "pixel-pred", "cpc", "infonce-stdim", "supervised"]);
  // Categories: agent 0.8, small object 0.3, other 0.6, score 0.95 -> 0.6625.
  assert.deepEqual(tableRow(markdown, "pong (ours)"), ["pong (ours)", "0.15", "", "", "", "", "0.66", ""]);
  // Published pong row: majority 0.10, random-cnn 0.17, ..., infonce-stdim 0.81.
  const published = tableRow(markdown, "pong (published)");
  assert.equal(published[1], "0.10");
  assert.equal(published[6], "0.81");
  assert.equal(tableRow(markdown, "mean of 22 games (published)")[6], "0.68");
});

test("markdown states the run's scale", () => {
  const quick = fixture();
  quick.config = { pretrainingSteps: 4000, probeSteps: 2000, epochs: 8, batchSize: 64, lr: 1e-3, downsample: true };
  const markdown = renderResultsMarkdown(quick);
  assert.match(markdown, /Run: 4000 pretraining frames, 2000 probe frames, 84x84 frames, up to 8 epochs, batch 64, encoder lr 0\.001\./);
  assert.match(markdown, /not comparable with the published ones/);

  const full = fixture();
  full.config = { pretrainingSteps: 100000, probeSteps: 50000, epochs: 100, batchSize: 64, lr: 3e-4, downsample: false };
  const fullMarkdown = renderResultsMarkdown(full);
  assert.match(fullMarkdown, /Run: 100000 pretraining frames, 50000 probe frames, 210x160 frames/);
  assert.doesNotMatch(fullMarkdown, /not comparable/);
});

test("markdown category table", () => {
  const markdown = renderResultsMarkdown(fixture());
  const agent = tableRow(markdown, "Agent localization");
  // Columns: infonce-stdim ours, its published mean, majority ours, its published mean.
  assert.deepEqual(agent.slice(1, 5), ["0.80", "0.58", "0.10", "0.12"]);
  const small = tableRow(markdown, "Small object localization");
  assert.equal(small[1], "0.30");
  const across = tableRow(markdown, "Across categories");
  assert.equal(across[1], "0.66");
  assert.equal(across[2], "0.68");
  assert.match(markdown, /## Accuracy per category/);
});

test("markdown per-label rows", () => {
  const markdown = renderResultsMarkdown(fixture());
  const ball = tableRow(markdown, "`ball_x`");
  assert.deepEqual(ball, ["`ball_x`", "small object localization", "0.40", "0.50", "0.10", "0.20"]);
  const score = tableRow(markdown, "`player_score`");
  assert.equal(score[1], "score/clock/lives/display");
  assert.match(markdown, /dropped by the entropy filter: `enemy_x`/);
  assert.match(markdown, /!\[F1 per category, ours and published\]\(f1-per-category\.svg\)/);
  assert.match(markdown, /!\[Sample test frames with their labels\]\(sample-frames\.png\)/);
});

test("loss curves svg has both series", () => {
  const svg = lossCurvesSvg("pong: encoder loss", { "infonce-stdim": fixture().methods["infonce-stdim"].encoderEpochs });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const paths = svg.match(/<path d="M[^"]+"/g) ?? [];
  assert.equal(paths.length, 2);
  assert.equal((paths[0].match(/[ML]/g) ?? []).length, 3);
  assert.match(svg, /infonce-stdim validation/);
  assert.match(svg, /stroke-dasharray/);
  assert.ok(svg.trimEnd().endsWith("</svg>"));
});

test("loss curves without data", () => {
  assert.match(lossCurvesSvg("none", {}), /no data/);
});

test("category bars svg with published", () => {
  const svg = categoryBarsSvg(fixture());
  const bars = svg.match(/<rect x=[^>]+fill="[^"]+"><title>[^<]+<\/title>/g) ?? [];
  // Ours: 4 categories per method (pong has no misc label); published: 5.
  assert.equal(bars.length, 2 * 4 + 2 * 5);
  assert.match(svg, /<title>infonce-stdim \(ours\): 0\.800<\/title>/);
  assert.match(svg, /<title>infonce-stdim \(published\): 0\.580<\/title>/);
});

test("nice range covers data", () => {
  assert.deepEqual(niceRange(0.13, 0.97), { min: 0, max: 1, step: 0.2 });
  const flat = niceRange(5, 5);
  assert.ok(flat.min < 5, `min ${flat.min}`);
  assert.ok(flat.max > 5, `max ${flat.max}`);
  assert.deepEqual(niceRange(0, 1, true), { min: 0, max: 1, step: 1 });
});

test("png crc32 known value", () => {
  // CRC-32 of "123456789" is 0xCBF43926 (the standard check value).
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

test("png round trip through inflate", () => {
  const pixels = Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 10);
  const png = encodePng({ width: 2, height: 3, channels: 3, pixels });
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset);
  assert.equal(String.fromCharCode(...png.subarray(12, 16)), "IHDR");
  assert.equal(view.getUint32(16), 2);
  assert.equal(view.getUint32(20), 3);
  assert.equal(png[24], 8);
  assert.equal(png[25], 2);
  assert.equal(view.getUint32(29), crc32(png.subarray(12, 29)));
  const idatLength = view.getUint32(33);
  assert.equal(String.fromCharCode(...png.subarray(37, 41)), "IDAT");
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  assert.equal(raw.length, 3 * (1 + 6));
  for (let y = 0; y < 3; y++) {
    assert.equal(raw[y * 7], 0, `filter byte of row ${y}`);
    assert.deepEqual([...raw.subarray(y * 7 + 1, y * 7 + 7)], [...pixels.subarray(y * 6, y * 6 + 6)]);
  }
  assert.equal(String.fromCharCode(...png.subarray(png.length - 8, png.length - 4)), "IEND");
});

test("png rejects wrong pixel count", () => {
  assert.throws(() => encodePng({ width: 2, height: 2, channels: 1, pixels: new Uint8Array(3) }), /expected 4/);
});

test("frame grid places frames and text", () => {
  const frame = (value: number) => ({
    width: 4, height: 2, channels: 1 as const, pixels: new Uint8Array(8).fill(value), captions: ["a=1"],
  });
  const image = frameGrid([frame(100), frame(200), frame(50)], 2);
  // Cells: 4 wide, 2 + 7 + 2 = 11 tall, gap 4: width 4 + 2 * 8, height 4 + 2 * 15.
  assert.equal(image.width, 20);
  assert.equal(image.height, 34);
  const at = (x: number, y: number) => image.pixels[(y * image.width + x) * 3];
  assert.equal(at(4, 4), 100);
  assert.equal(at(12, 4), 200);
  assert.equal(at(4, 19), 50);
  assert.equal(at(0, 0), 32);
  // The "a" glyph's top row is ".#.", drawn 2 pixels under the frame.
  assert.equal(at(5, 8), 230);
  assert.equal(at(4, 8), 32);
});

test("captions pack labels into lines", () => {
  const lines = labelCaptions({ player_x: 76, player_y: 80, lives: 3 }, 80);
  assert.deepEqual(lines, ["player_x=76", "player_y=80 lives=3"]);
});

test("writeReport writes every file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "report-"));
  try {
    await writeReport(dir, fixture());
    const names = readdirSync(dir).sort();
    assert.deepEqual(names, [REPORT_FILES.categoryBars, REPORT_FILES.lossCurves, REPORT_FILES.markdown].sort());
    assert.match(readFileSync(join(dir, REPORT_FILES.markdown), "utf8"), /# AtariARI probe results: pong/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("results validation names the field", () => {
  assert.throws(() => validateResults({ format: "x" }, "r.json"), /invalid results file r\.json: format is "x"/);
  const broken = fixture() as unknown as { methods: Record<string, { labels: Record<string, unknown> }> };
  broken.methods.majority.labels.ball_x = { f1: "high", accuracy: 1 };
  assert.throws(() => validateResults(broken, "r.json"), /label ball_x of method majority/);
});
