import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { grayOf, resizeArea, rgbToGray } from "../../src/env/image.ts";
import { NTSC_PALETTE } from "../../src/env/palettes.ts";
import { grayOfMaxTable } from "../../src/env/wrappers/palette-max.ts";
import { readTrace, sharedPath } from "./helpers.ts";

interface Reference {
  opencv: string;
  palette_gray: number[];
  pair_max_gray_b64: string;
  frames: { name: string; resized_rgb_b64: string; resized_gray_b64: string; gray_b64: string }[];
}

const reference: Reference = JSON.parse(
  gunzipSync(readFileSync(new URL("./fixtures/opencv-reference.json.gz", import.meta.url))).toString(),
);
const palette: number[][] = JSON.parse(
  readFileSync(sharedPath("ale-traces/ntsc-palette.json"), "utf8"),
).rgb;

function traceFrame(game: string, screenIndex: number): Uint8Array {
  const trace = readTrace(game);
  const indices = Buffer.from(trace.screens[screenIndex].pixels_b64, "base64");
  const rgb = new Uint8Array(indices.length * 3);
  indices.forEach((v, i) => rgb.set(palette[v >> 1], i * 3));
  return rgb;
}

function noiseFrame(): Uint8Array {
  const out = new Uint8Array(210 * 160 * 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.imul(i, 2654435761) >>> 24;
  return out;
}

function frameFor(name: string): Uint8Array {
  if (name === "noise") return noiseFrame();
  const [game, screen] = name.split(":screen");
  return traceFrame(game, Number(screen));
}

test("grayscale formula over NTSC palette", () => {
  assert.equal(palette.length, 128);
  for (let i = 0; i < palette.length; i++) {
    const [r, g, b] = palette[i];
    // OpenCV 4's formula in float64: 15-bit fixed-point weights, rounded
    // half up. OpenCV 3's 14-bit weights give the same grey on the palette.
    const fixed = Math.floor((r * 9798 + g * 19235 + b * 3735) / 32768 + 0.5);
    const fixed14 = Math.floor((r * 4899 + g * 9617 + b * 1868) / 16384 + 0.5);
    assert.equal(fixed14, fixed, `14-bit weights on entry ${i}`);
    assert.equal(grayOf(r, g, b), fixed, `palette entry ${i} (${r},${g},${b})`);
    assert.equal(grayOf(r, g, b), reference.palette_gray[i], `OpenCV output for entry ${i}`);
    assert.ok(Math.abs(grayOf(r, g, b) - (0.299 * r + 0.587 * g + 0.114 * b)) <= 0.5 + 1e-9);
  }
});

test("grayscale of pairwise palette maxima", () => {
  const expected = Buffer.from(reference.pair_max_gray_b64, "base64");
  for (let a = 0; a < 128; a++) {
    for (let b = 0; b < 128; b++) {
      const [r, g, bl] = palette[a].map((v, c) => Math.max(v, palette[b][c]));
      assert.equal(grayOf(r, g, bl), expected[a * 128 + b], `max of entries ${a} and ${b}`);
    }
  }
});

test("grey of max table equals OpenCV", () => {
  const table = grayOfMaxTable(NTSC_PALETTE);
  const expected = Buffer.from(reference.pair_max_gray_b64, "base64");
  for (let a = 0; a < 128; a++) {
    for (let b = 0; b < 128; b++) {
      assert.equal(table[(2 * a) * 256 + 2 * b], expected[a * 128 + b], `indices ${2 * a}, ${2 * b}`);
    }
  }
  assert.equal(NTSC_PALETTE[2 * 64 + 1] !== NTSC_PALETTE[2 * 64], true, "odd entries are greys");
});

test("grayscale of full frames equals OpenCV", () => {
  for (const frame of reference.frames) {
    const gray = rgbToGray(frameFor(frame.name));
    assert.deepEqual(Buffer.from(gray), Buffer.from(frame.gray_b64, "base64"), frame.name);
  }
});

test("grayscale rejects mismatched sizes", () => {
  assert.throws(() => rgbToGray(new Uint8Array(10)), /10 RGB bytes/);
});

test("area resize 210x160 to 84x84 equals OpenCV", () => {
  for (const frame of reference.frames) {
    const small = resizeArea(frameFor(frame.name), 210, 160, 3, 84, 84);
    const expected = Buffer.from(frame.resized_rgb_b64, "base64");
    let mismatches = 0;
    for (let i = 0; i < expected.length; i++) if (small[i] !== expected[i]) mismatches++;
    assert.equal(mismatches, 0, `${frame.name}: ${mismatches} bytes differ`);
    assert.deepEqual(
      Buffer.from(rgbToGray(small)),
      Buffer.from(frame.resized_gray_b64, "base64"),
      `${frame.name} grey after resize`,
    );
  }
});

test("area resize hand-computed cases", () => {
  // 2x1 -> 1x1 averages, with ties to even: (1 + 2) / 2 = 1.5 -> 2, (2 + 3) / 2 = 2.5 -> 2.
  assert.deepEqual([...resizeArea(Uint8Array.of(1, 2), 1, 2, 1, 1, 1)], [2]);
  assert.deepEqual([...resizeArea(Uint8Array.of(2, 3), 1, 2, 1, 1, 1)], [2]);
  // 3 -> 2 pixels: each output covers 1.5 inputs: (10 + 0.5 * 40) / 1.5 = 20.
  assert.deepEqual([...resizeArea(Uint8Array.of(10, 40, 70), 1, 3, 1, 1, 2)], [20, 60]);
  assert.throws(() => resizeArea(new Uint8Array(4), 2, 2, 1, 3, 3), /only shrinks/);
});
