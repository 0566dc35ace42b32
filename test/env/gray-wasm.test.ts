import assert from "node:assert/strict";
import { test } from "node:test";
import { AtariCore } from "../../src/ale/wasm.ts";
import { NTSC_PALETTE } from "../../src/env/palettes.ts";
import { grayOfMaxTable } from "../../src/env/wrappers/palette-max.ts";
import { readTrace } from "./helpers.ts";

/** The grey exports of assembly/env/gray.ts. */
interface GrayExports {
  memory: WebAssembly.Memory;
  envGrayTable(): number;
  envGrayScratch(size: number): number;
  envGrayOfMax(first: number, second: number, out: number, pixels: number, width: number): void;
}

const table = grayOfMaxTable(NTSC_PALETTE);

async function loadGray(): Promise<GrayExports> {
  const core = await AtariCore.load();
  const exports = core.exports as unknown as GrayExports;
  new Uint8Array(exports.memory.buffer, exports.envGrayTable(), table.length).set(table);
  return exports;
}

/** Runs envGrayOfMax on copies of `a` and `b` placed in the module's scratch memory. */
function grayInModule(exports: GrayExports, a: Uint8Array, b: Uint8Array, width: number): Uint8Array {
  const pixels = a.length;
  const scratch = exports.envGrayScratch(3 * pixels);
  const memory = new Uint8Array(exports.memory.buffer);
  memory.set(a, scratch);
  memory.set(b, scratch + pixels);
  exports.envGrayOfMax(scratch, scratch + pixels, scratch + 2 * pixels, pixels, width);
  return new Uint8Array(exports.memory.buffer, scratch + 2 * pixels, pixels).slice();
}

function grayInJs(a: Uint8Array, b: Uint8Array): Uint8Array {
  return Uint8Array.from(a, (x, p) => table[(x << 8) | b[p]]);
}

function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  return actual.findIndex((value, p) => value !== expected[p]);
}

test("wasm grey equals table on trace frames", async () => {
  const exports = await loadGray();
  for (const game of ["pong", "ms_pacman", "breakout"]) {
    const screens = readTrace(game).screens.map((s: { pixels_b64: string }) => Buffer.from(s.pixels_b64, "base64"));
    for (let i = 0; i + 1 < screens.length; i++) {
      const a = new Uint8Array(screens[i]);
      const b = new Uint8Array(screens[i + 1]);
      for (const [x, y] of [[a, b], [b, a], [a, a]]) {
        const actual = grayInModule(exports, x, y, 160);
        assert.equal(firstDifference(actual, grayInJs(x, y)), -1, `${game} screens ${i}, ${i + 1}`);
      }
    }
  }
});

test("wasm grey reuse cases", async () => {
  const exports = await loadGray();
  // Rows of two 16-pixel blocks, each of two 8-pixel halves.
  const width = 32;
  const rows = 6;
  const a = new Uint8Array(width * rows);
  const b = new Uint8Array(width * rows);
  // Row 0: frame a is one colour and frame b's halves are 0x44, 0x86, 0x86
  // and 0x86. So block 1 misses the block before it, but its halves match
  // the half before them. Row 1 repeats row 0, so its blocks equal the
  // blocks above. Row 2 repeats it with one pixel of frame b changed in
  // block 0's second half, whose first half still equals the half above.
  // Row 3 is index 0 in both frames, as the first block's "block before"
  // is. Rows 4 and 5 are noise, and the noise repeated with frame b changed.
  a.fill(0x1e, 0, 32);
  b.fill(0x44, 0, 8);
  b.fill(0x86, 8, 32);

  a.copyWithin(32, 0, 32);
  b.copyWithin(32, 0, 32);
  a.copyWithin(64, 0, 32);
  b.copyWithin(64, 0, 32);
  b[64 + 11] = 0xc8;

  for (let p = 128; p < 160; p++) {
    a[p] = Math.imul(p, 2654435761) >>> 24;
    b[p] = Math.imul(p + 7, 2246822519) >>> 24;
  }
  a.copyWithin(160, 128, 160);
  b.copyWithin(160, 128, 160);
  b[191] ^= 0x02;

  assert.deepEqual(grayInModule(exports, a, b, width), grayInJs(a, b));
  // The first block being index 0 everywhere takes the "block before" path.
  const zeros = new Uint8Array(width * 2);
  assert.deepEqual(grayInModule(exports, zeros, zeros, width), grayInJs(zeros, zeros));
});

test("wasm grey odd widths", async () => {
  const exports = await loadGray();
  // Rows that are not a whole number of 16-pixel blocks take the per-pixel loop.
  for (const [width, rows] of [[12, 5], [7, 3], [8, 4], [160, 1]]) {
    const a = Uint8Array.from({ length: width * rows }, (_, p) => Math.imul(p, 2654435761) >>> 24);
    const b = Uint8Array.from({ length: width * rows }, (_, p) => Math.imul(p + 3, 2246822519) >>> 24);
    assert.deepEqual(grayInModule(exports, a, b, width), grayInJs(a, b), `width ${width}`);
  }
});
