// The demo's charts: the encoder's loss per epoch on a canvas, and F1 bars
// (ours beside the published scores) as SVG.

import type { EncoderEpoch } from "../index.ts";

const OURS = "#2f6fb3";
const PUBLISHED = "#c77d1a";
const VALIDATION = "#c0392b";
const SVG_NS = "http://www.w3.org/2000/svg";

/** Draws train and validation loss against epoch, axes scaled to the data. */
export function drawLossPlot(canvas: HTMLCanvasElement, epochs: EncoderEpoch[]): void {
  const context = canvas.getContext("2d")!;
  const { width, height } = canvas;
  const margin = { left: 48, right: 12, top: 12, bottom: 28 };
  context.clearRect(0, 0, width, height);
  context.font = "11px system-ui, sans-serif";
  context.fillStyle = "#5b6470";
  context.strokeStyle = "#b9c0c8";
  context.strokeRect(margin.left, margin.top, width - margin.left - margin.right, height - margin.top - margin.bottom);
  if (epochs.length === 0) {
    context.fillText("no epoch finished yet", margin.left + 8, margin.top + 16);
    return;
  }
  const values = epochs.flatMap((e) => [e.train.loss, e.val.loss]).filter(Number.isFinite);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 1e-6) {
    low -= 0.5;
    high += 0.5;
  }
  const lastEpoch = Math.max(1, epochs.length - 1);
  const x = (epoch: number) => margin.left + (epoch / lastEpoch) * (width - margin.left - margin.right);
  const y = (loss: number) => margin.top + ((high - loss) / (high - low)) * (height - margin.top - margin.bottom);
  context.fillText(high.toFixed(4), 2, margin.top + 8);
  context.fillText(low.toFixed(4), 2, height - margin.bottom);
  context.fillText("epoch 0", margin.left, height - 10);
  context.fillText(`epoch ${epochs.length - 1}`, width - margin.right - 48, height - 10);
  drawSeries(context, epochs.map((e, i) => [x(i), y(e.train.loss)]), OURS);
  drawSeries(context, epochs.map((e, i) => [x(i), y(e.val.loss)]), VALIDATION);
  context.fillStyle = OURS;
  context.fillText("train", width - margin.right - 80, margin.top + 14);
  context.fillStyle = VALIDATION;
  context.fillText("validation", width - margin.right - 80, margin.top + 28);
}

function drawSeries(context: CanvasRenderingContext2D, points: Array<[number, number]>, colour: string): void {
  context.strokeStyle = colour;
  context.fillStyle = colour;
  context.lineWidth = 2;
  context.beginPath();
  points.forEach(([px, py], i) => (i === 0 ? context.moveTo(px, py) : context.lineTo(px, py)));
  context.stroke();
  for (const [px, py] of points) context.fillRect(px - 2, py - 2, 4, 4);
}

/** One row of a bar chart: our score and, where one exists, the published one. */
export interface BarRow {
  name: string;
  ours: number;
  published?: number;
}

/** Builds a horizontal bar chart of F1 in [0, 1], two bars per row. */
export function barChart(rows: BarRow[], publishedLabel: string): SVGSVGElement {
  const labelWidth = 200;
  const barWidth = 220;
  const rowHeight = 30;
  const height = rows.length * rowHeight + 24;
  const svg = element("svg", { width: labelWidth + barWidth + 60, height, role: "img" }) as SVGSVGElement;
  rows.forEach((row, i) => {
    const top = i * rowHeight;
    svg.append(text(row.name.replace(/_/g, " "), 0, top + 14, "#1d232b"));
    svg.append(element("rect", { x: labelWidth, y: top + 4, width: row.ours * barWidth, height: 10, fill: OURS }));
    svg.append(text(row.ours.toFixed(3), labelWidth + row.ours * barWidth + 4, top + 13, OURS));
    if (row.published !== undefined) {
      const w = row.published * barWidth;
      svg.append(element("rect", { x: labelWidth, y: top + 16, width: w, height: 10, fill: PUBLISHED }));
      svg.append(text(row.published.toFixed(2), labelWidth + w + 4, top + 25, PUBLISHED));
    }
  });
  svg.append(text("this run", labelWidth, height - 6, OURS));
  svg.append(text(publishedLabel, labelWidth + 60, height - 6, PUBLISHED));
  return svg;
}

function element(name: string, attributes: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function text(content: string, x: number, y: number, fill: string): SVGElement {
  const node = element("text", { x, y, fill, "font-size": 11 });
  node.textContent = content;
  return node;
}
