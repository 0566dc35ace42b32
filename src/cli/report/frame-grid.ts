// A grid of sample frames with their labels printed under each frame, as
// one RGB image. Text uses a built-in 3x5 pixel font.

import type { Image } from "./png.ts";

/** One frame and the caption lines shown under it. */
export interface CaptionedFrame {
  /** Row-major pixels, 1 or 3 bytes each. */
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
  captions: string[];
}

const GLYPH_WIDTH = 3;
const GLYPH_HEIGHT = 5;
const ADVANCE = GLYPH_WIDTH + 1;
const LINE_HEIGHT = GLYPH_HEIGHT + 2;
const GAP = 4;
const BACKGROUND = 32;
const TEXT = 230;

// 3x5 glyphs, rows top to bottom, "#" = ink. Unknown characters draw as "?".
const FONT: Record<string, string> = {
  "0": "### #.# #.# #.# ###", "1": ".#. ##. .#. .#. ###", "2": "### ..# ### #.. ###",
  "3": "### ..# .## ..# ###", "4": "#.# #.# ### ..# ..#", "5": "### #.. ### ..# ###",
  "6": "### #.. ### #.# ###", "7": "### ..# ..# ..# ..#", "8": "### #.# ### #.# ###",
  "9": "### #.# ### ..# ###", a: ".#. #.# ### #.# #.#", b: "##. #.# ##. #.# ##.",
  c: ".## #.. #.. #.. .##", d: "##. #.# #.# #.# ##.", e: "### #.. ##. #.. ###",
  f: "### #.. ##. #.. #..", g: ".## #.. #.# #.# .##", h: "#.# #.# ### #.# #.#",
  i: "### .#. .#. .#. ###", j: "..# ..# ..# #.# .#.", k: "#.# #.# ##. #.# #.#",
  l: "#.. #.. #.. #.. ###", m: "#.# ### ### #.# #.#", n: "##. #.# #.# #.# #.#",
  o: ".#. #.# #.# #.# .#.", p: "##. #.# ##. #.. #..", q: ".#. #.# #.# ##. .##",
  r: "##. #.# ##. #.# #.#", s: ".## #.. .#. ..# ##.", t: "### .#. .#. .#. .#.",
  u: "#.# #.# #.# #.# ###", v: "#.# #.# #.# #.# .#.", w: "#.# #.# ### ### #.#",
  x: "#.# #.# .#. #.# #.#", y: "#.# #.# .#. .#. .#.", z: "### ..# .#. #.. ###",
  _: "... ... ... ... ###", "=": "... ### ... ### ...", ":": "... .#. ... .#. ...",
  ".": "... ... ... ... .#.", "-": "... ... ### ... ...", "/": "..# ..# .#. #.. #..",
  "?": "### ..# .#. ... .#.", " ": "... ... ... ... ...",
};

/** Lays frames out in a grid of `columns` with their captions; returns RGB. */
export function frameGrid(frames: CaptionedFrame[], columns = Math.ceil(Math.sqrt(frames.length))): Image {
  if (frames.length === 0) throw new RangeError("frameGrid: no frames");
  const cellWidth = Math.max(...frames.map((f) => f.width));
  const captionLines = Math.max(...frames.map((f) => f.captions.length));
  const cellHeight = Math.max(...frames.map((f) => f.height)) + captionLines * LINE_HEIGHT + 2;
  const rows = Math.ceil(frames.length / columns);
  const width = GAP + columns * (cellWidth + GAP);
  const height = GAP + rows * (cellHeight + GAP);
  const image: Image = { width, height, channels: 3, pixels: new Uint8Array(width * height * 3).fill(BACKGROUND) };
  frames.forEach((frame, i) => {
    const left = GAP + (i % columns) * (cellWidth + GAP);
    const top = GAP + Math.floor(i / columns) * (cellHeight + GAP);
    blit(image, frame, left, top);
    frame.captions.forEach((caption, line) => {
      drawText(image, caption, left, top + frame.height + 2 + line * LINE_HEIGHT, cellWidth);
    });
  });
  return image;
}

/** Packs "name=value" entries into caption lines of at most `width` pixels. */
export function labelCaptions(labels: Record<string, number>, width: number): string[] {
  const maxChars = Math.floor(width / ADVANCE);
  const lines: string[] = [];
  let line = "";
  for (const [name, value] of Object.entries(labels)) {
    const entry = `${name}=${value}`;
    if (line !== "" && line.length + 1 + entry.length > maxChars) {
      lines.push(line);
      line = entry;
    } else {
      line = line === "" ? entry : `${line} ${entry}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function blit(image: Image, frame: CaptionedFrame, left: number, top: number): void {
  if (frame.pixels.length !== frame.width * frame.height * frame.channels) {
    throw new RangeError(`frameGrid: frame has ${frame.pixels.length} bytes, ` +
      `expected ${frame.width}x${frame.height}x${frame.channels}`);
  }
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const source = (y * frame.width + x) * frame.channels;
      const target = ((top + y) * image.width + left + x) * 3;
      for (let c = 0; c < 3; c++) {
        image.pixels[target + c] = frame.pixels[source + (frame.channels === 3 ? c : 0)];
      }
    }
  }
}

function drawText(image: Image, content: string, left: number, top: number, maxWidth: number): void {
  const characters = content.toLowerCase().slice(0, Math.floor(maxWidth / ADVANCE));
  [...characters].forEach((character, i) => {
    const rows = (FONT[character] ?? FONT["?"]).split(" ");
    rows.forEach((row, dy) => {
      for (let dx = 0; dx < GLYPH_WIDTH; dx++) {
        if (row[dx] !== "#") continue;
        const target = ((top + dy) * image.width + left + i * ADVANCE + dx) * 3;
        image.pixels.fill(TEXT, target, target + 3);
      }
    });
  });
}
