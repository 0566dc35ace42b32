// SVG plots for the report: training and validation loss curves, and
// per-category F1 bars beside the published means. Plain SVG 1.1 text, so
// any browser or image viewer shows them.

import { CATEGORIES, summarizeMetric } from "../../probe/categories.ts";
import type { EpochRecord, Results } from "../results.ts";
import { PUBLISHED } from "./published.ts";

const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { left: 60, right: 200, top: 36, bottom: 48 };
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
const PUBLISHED_COLOR = "#9e9e9e";

/** A named line of (x, y) points. */
export interface Series {
  name: string;
  points: Array<[number, number]>;
  dashed?: boolean;
  color: string;
}

/** Plots each method's encoder training and validation loss per epoch. */
export function lossCurvesSvg(title: string, runs: Record<string, EpochRecord[]>): string {
  const series: Series[] = [];
  Object.entries(runs).forEach(([method, epochs], i) => {
    const color = COLORS[i % COLORS.length];
    series.push({ name: `${method} train`, color, points: epochs.map((e) => [e.epoch, e.trainLoss]) });
    series.push({
      name: `${method} validation`,
      color,
      dashed: true,
      points: epochs.map((e) => [e.epoch, e.valLoss]),
    });
  });
  return lineChartSvg(title, "epoch", "loss", series, true);
}

/**
 * Draws lines on linear axes; an empty series list gives a "no data" chart.
 * With `integerX` the x ticks are whole numbers (epochs).
 */
export function lineChartSvg(title: string, xLabel: string, yLabel: string, series: Series[],
  integerX = false): string {
  const points = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const parts = [open(), text(WIDTH / 2, 22, title, "middle", 15)];
  if (points.length === 0) {
    parts.push(text(WIDTH / 2, HEIGHT / 2, "no data", "middle", 13), "</svg>");
    return parts.join("\n") + "\n";
  }
  const xs = niceRange(Math.min(...points.map((p) => p[0])), Math.max(...points.map((p) => p[0])), integerX);
  const ys = niceRange(Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[1])));
  const sx = scale(xs, MARGIN.left, WIDTH - MARGIN.right);
  const sy = scale(ys, HEIGHT - MARGIN.bottom, MARGIN.top);
  parts.push(...axes(xs, ys, sx, sy, xLabel, yLabel));
  series.forEach((s, i) => {
    const path = s.points
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
      .map(([x, y], j) => `${j === 0 ? "M" : "L"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join(" ");
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : "";
    parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    parts.push(...legendEntry(i, s.name, s.color, s.dashed ?? false));
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

interface BarGroup {
  name: string;
  color: string;
  /** One value per entry of CATEGORIES; undefined where a category has no label. */
  values: Array<number | undefined>;
}

// Display order of the categories (indices into CATEGORIES), agent
// localisation first, with their axis labels.
const CATEGORY_SLOTS: ReadonlyArray<[number, string]> = [
  [1, "agent loc."],
  [0, "small obj. loc."],
  [2, "other loc."],
  [3, "score/clock/lives"],
  [4, "misc"],
];

/** Bars of our F1 per category for each method, beside the published means. */
export function categoryBarsSvg(results: Results): string {
  const groups = barGroups(results);
  const parts = [open(), text(WIDTH / 2, 22, `${results.game}: F1 per category`, "middle", 15)];
  const ys = { min: 0, max: 1, step: 0.2 };
  const sy = scale(ys, HEIGHT - MARGIN.bottom, MARGIN.top);
  const slot = (WIDTH - MARGIN.left - MARGIN.right) / CATEGORY_SLOTS.length;
  const barWidth = (slot * 0.8) / Math.max(1, groups.length);
  parts.push(...yAxis(ys, sy, "F1"));

  CATEGORY_SLOTS.forEach(([categoryIndex, label], slotIndex) => {
    const x0 = MARGIN.left + slotIndex * slot + slot * 0.1;
    groups.forEach((group, g) => {
      const value = group.values[categoryIndex];
      if (value !== undefined && Number.isFinite(value)) {
        parts.push(bar(x0 + g * barWidth, barWidth - 1, sy(value), sy(0), group, value));
      }
    });
    parts.push(text(x0 + slot * 0.4, HEIGHT - MARGIN.bottom + 16, label, "middle", 11));
  });

  groups.forEach((group, i) => parts.push(...legendEntry(i, group.name, group.color, false, true)));
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

function barGroups(results: Results): BarGroup[] {
  const groups: BarGroup[] = [];
  Object.entries(results.methods).forEach(([method, entry], i) => {
    const values: Record<string, number> = {};
    for (const [label, score] of Object.entries(entry.labels)) values[label] = score.f1;
    const summary = Object.keys(values).length > 0 ? summarizeMetric(values) : undefined;
    groups.push({
      name: `${method} (ours)`,
      color: COLORS[i % COLORS.length],
      values: CATEGORIES.map((c) => summary?.categories[c]),
    });
    if (PUBLISHED.methods.includes(method)) {
      groups.push({
        name: `${method} (published)`,
        color: PUBLISHED_COLOR,
        values: CATEGORIES.map((c) => PUBLISHED.per_category_mean_over_games[c]?.[method]),
      });
    }
  });
  return groups;
}

function bar(x: number, width: number, top: number, bottom: number, group: BarGroup, value: number): string {
  return `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${width.toFixed(1)}" ` +
    `height="${(bottom - top).toFixed(1)}" fill="${group.color}">` +
    `<title>${escape(group.name)}: ${value.toFixed(3)}</title></rect>`;
}

interface Range {
  min: number;
  max: number;
  step: number;
}

/** Widens [min, max] to round tick values, about five ticks; whole-number steps with `integer`. */
export function niceRange(min: number, max: number, integer = false): Range {
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  if (integer) step = Math.max(1, step);
  return { min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step, step };
}

function scale(range: Range, from: number, to: number): (v: number) => number {
  return (v) => from + ((v - range.min) / (range.max - range.min)) * (to - from);
}

function axes(xs: Range, ys: Range, sx: (v: number) => number, sy: (v: number) => number,
  xLabel: string, yLabel: string): string[] {
  const parts = yAxis(ys, sy, yLabel);
  const bottom = HEIGHT - MARGIN.bottom;
  parts.push(line(MARGIN.left, bottom, WIDTH - MARGIN.right, bottom));
  for (const x of ticks(xs)) {
    parts.push(line(sx(x), bottom, sx(x), bottom + 4));
    parts.push(text(sx(x), bottom + 16, tickText(x, xs.step), "middle", 11));
  }
  parts.push(text((MARGIN.left + WIDTH - MARGIN.right) / 2, HEIGHT - 10, xLabel, "middle", 12));
  return parts;
}

function yAxis(ys: Range, sy: (v: number) => number, label: string): string[] {
  const parts = [line(MARGIN.left, MARGIN.top, MARGIN.left, HEIGHT - MARGIN.bottom)];
  for (const y of ticks(ys)) {
    parts.push(line(MARGIN.left - 4, sy(y), MARGIN.left, sy(y)));
    parts.push(`<line x1="${MARGIN.left}" y1="${sy(y).toFixed(1)}" x2="${WIDTH - MARGIN.right}" ` +
      `y2="${sy(y).toFixed(1)}" stroke="#e0e0e0"/>`);
    parts.push(text(MARGIN.left - 8, sy(y) + 4, tickText(y, ys.step), "end", 11));
  }
  const middle = (MARGIN.top + HEIGHT - MARGIN.bottom) / 2;
  parts.push(`<text x="16" y="${middle}" font-size="12" text-anchor="middle" ` +
    `transform="rotate(-90 16 ${middle})">${escape(label)}</text>`);
  return parts;
}

function ticks(range: Range): number[] {
  const out: number[] = [];
  const count = Math.round((range.max - range.min) / range.step);
  for (let i = 0; i <= count; i++) out.push(range.min + i * range.step);
  return out;
}

function tickText(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return value.toFixed(decimals);
}

function legendEntry(index: number, name: string, color: string, dashed: boolean, box = false): string[] {
  const x = WIDTH - MARGIN.right + 12;
  const y = MARGIN.top + 8 + index * 18;
  const mark = box
    ? `<rect x="${x}" y="${y - 6}" width="18" height="10" fill="${color}"/>`
    : `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${color}" stroke-width="2"` +
      `${dashed ? ' stroke-dasharray="6 4"' : ""}/>`;
  return [mark, text(x + 24, y + 4, name, "start", 11)];
}

function open(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" ` +
    `viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">\n` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`;
}

function line(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="black"/>`;
}

function text(x: number, y: number, content: string, anchor: string, size: number): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" ` +
    `text-anchor="${anchor}">${escape(content)}</text>`;
}

function escape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
