// TIA behaviour driven by register writes at chosen bus cycles, checked
// against the pixel positions and timings Stella 2.4.2 (ALE 0.12.1) produces.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  TiaRig, pixelsOf, range, WIDTH,
  VSYNC, VBLANK, WSYNC, NUSIZ0, COLUP0, COLUP1, COLUPF, COLUBK, CTRLPF,
  REFP0, PF0, PF1, PF2, RESP0, RESP1, RESM0, RESBL, GRP0, GRP1, ENAM0, ENABL,
  HMP0, HMOVE, HMCLR, VDELP0, RESMP0, CXCLR,
  CXP0FB, CXPPMM, CXM0P, CXBLPF, INPT0, INPT4, INPT5,
} from "./harness.ts";

const P0 = 0x44, P1 = 0x86, PF = 0x1c, BK = 0x02;

// A frame with the colours set in line 10 and the given per-line setup.
function frame(setup: (rig: TiaRig) => void, rig = new TiaRig()): TiaRig {
  rig.startFrame();
  rig.writeAt(10, 0, COLUP0, P0);
  rig.writeAt(10, 1, COLUP1, P1);
  rig.writeAt(10, 2, COLUPF, PF);
  rig.writeAt(10, 3, COLUBK, BK);
  setup(rig);
  rig.finishFrame();
  return rig;
}

test("RESP0 position follows write cycle", () => {
  for (const cycle of [20, 23, 30, 45, 70, 75]) {
    const rig = frame((r) => {
      r.writeAt(40, cycle, RESP0, 0);
      r.writeAt(41, 0, GRP0, 0xff);
    });
    const clock = cycle * 3;
    const expected = clock < 68 ? 3 : (clock - 68 + 5) % 160;
    const row = rig.row(50);
    assert.deepEqual(pixelsOf(row, P0), range(expected, expected + 8), `cycle ${cycle}`);
  }
});

test("RESP0 in HBLANK puts player at 3", () => {
  const rig = frame((r) => {
    r.writeAt(40, 5, RESP0, 0);
    r.writeAt(41, 0, GRP0, 0xff);
  });
  assert.deepEqual(pixelsOf(rig.row(45), P0), range(3, 11));
});

test("RESP0 hides the first copy on its own line", () => {
  const rig = frame((r) => {
    r.writeAt(40, 0, GRP0, 0xff);
    r.writeAt(40, 30, RESP0, 0);
  });
  // Line 40 shows only the copy at the old position 0, drawn before the
  // write. Pixel 27 is right of the beam at the write, yet stays empty.
  assert.deepEqual(pixelsOf(rig.row(40), P0), range(0, 8));
  assert.deepEqual(pixelsOf(rig.row(41), P0), range(27, 35));
});

test("missile and ball reset positions", () => {
  const rig = frame((r) => {
    r.writeAt(40, 30, RESM0, 0);
    r.writeAt(40, 40, RESBL, 0);
    r.writeAt(41, 0, ENAM0, 2);
    r.writeAt(41, 1, ENABL, 2);
  });
  const row = rig.row(45);
  assert.deepEqual(pixelsOf(row, P0), [90 - 68 + 4]);
  assert.deepEqual(pixelsOf(row, PF), [120 - 68 + 4]);
});

test("NUSIZ copies and sizes", () => {
  const cases: Array<[number, number[]]> = [
    [0, range(27, 35)],
    [1, [...range(27, 35), ...range(43, 51)]],
    [2, [...range(27, 35), ...range(59, 67)]],
    [3, [...range(27, 35), ...range(43, 51), ...range(59, 67)]],
    [4, [...range(27, 35), ...range(91, 99)]],
    [5, range(28, 44)],
    [6, [...range(27, 35), ...range(59, 67), ...range(91, 99)]],
    [7, range(28, 60)],
  ];
  for (const [mode, expected] of cases) {
    const rig = frame((r) => {
      r.writeAt(20, 0, NUSIZ0, mode);
      r.writeAt(40, 30, RESP0, 0);
      r.writeAt(41, 0, GRP0, 0xff);
    });
    assert.deepEqual(pixelsOf(rig.row(50), P0), expected, `mode ${mode}`);
  }
});

test("REFP0 mirrors the graphics", () => {
  const rig = frame((r) => {
    r.writeAt(40, 30, RESP0, 0);
    r.writeAt(41, 0, GRP0, 0b1100_0000);
    r.writeAt(45, 0, REFP0, 0b1000);
  });
  assert.deepEqual(pixelsOf(rig.row(44), P0), [27, 28]);
  assert.deepEqual(pixelsOf(rig.row(46), P0), [33, 34]);
});

test("VDELP0 draws the old GRP0 until GRP1 is written", () => {
  const rig = frame((r) => {
    r.writeAt(40, 30, RESP0, 0);
    r.writeAt(40, 40, VDELP0, 1);
    r.writeAt(41, 0, GRP0, 0xff);
    r.writeAt(50, 0, GRP1, 0);
  });
  assert.deepEqual(pixelsOf(rig.row(45), P0), []);
  assert.deepEqual(pixelsOf(rig.row(51), P0), range(27, 35));
});

test("playfield normal, reflected and score mode", () => {
  const rig = frame((r) => {
    r.writeAt(40, 0, PF0, 0x10);
    r.writeAt(40, 1, PF2, 0x80);
    r.writeAt(50, 0, CTRLPF, 1);
    r.writeAt(60, 0, CTRLPF, 2);
  });
  assert.deepEqual(pixelsOf(rig.row(45), PF), [...range(0, 4), ...range(76, 84), ...range(156, 160)]);
  assert.deepEqual(pixelsOf(rig.row(55), PF), [...range(0, 4), ...range(76, 84), ...range(156, 160)]);
  const score = rig.row(65);
  assert.deepEqual(pixelsOf(score, P0), [...range(0, 4), ...range(76, 80)]);
  assert.deepEqual(pixelsOf(score, P1), [...range(80, 84), ...range(156, 160)]);
});

test("PF1 bits are drawn most significant first", () => {
  const rig = frame((r) => {
    r.writeAt(40, 0, PF1, 0x80);
    r.writeAt(50, 0, CTRLPF, 1);
  });
  assert.deepEqual(pixelsOf(rig.row(45), PF), [...range(16, 20), ...range(96, 100)]);
  assert.deepEqual(pixelsOf(rig.row(55), PF), [...range(16, 20), ...range(140, 144)]);
});

test("playfield write mid-line takes effect after its delay", () => {
  // PF2 write at cycle 40 (clock 120, pixel 52): PF2 bit 0 covers pixels
  // 48-51 on the left copy and 128-131 on the right one.
  const rig = frame((r) => {
    r.writeAt(40, 40, PF2, 0x01);
  });
  assert.deepEqual(pixelsOf(rig.row(40), PF), range(128, 132));
  assert.deepEqual(pixelsOf(rig.row(41), PF), [...range(48, 52), ...range(128, 132)]);
});

test("priority puts playfield over players", () => {
  const rig = frame((r) => {
    r.writeAt(40, 30, RESP0, 0);
    r.writeAt(41, 0, GRP0, 0xff);
    r.writeAt(41, 1, PF2, 0x03); // pixels 48-55
    r.writeAt(41, 2, CTRLPF, 4);
  });
  const row = rig.row(45);
  assert.deepEqual(pixelsOf(row, P0), range(27, 35));
  assert.deepEqual(pixelsOf(row, PF), [...range(48, 56), ...range(128, 136)]);
});

test("HMOVE in HBLANK blanks pixels 0-7 and moves", () => {
  const rig = frame((r) => {
    r.writeAt(40, 30, RESP0, 0);
    r.writeAt(41, 0, GRP0, 0xff);
    r.writeAt(50, 0, HMP0, 0x70); // 7 left
    r.writeAt(50, 3, HMOVE, 0);
    r.writeAt(51, 0, HMCLR, 0);
  });
  const line50 = rig.row(50);
  assert.deepEqual(Array.from(line50.subarray(0, 8)), new Array(8).fill(0));
  assert.equal(line50[8], BK);
  assert.deepEqual(pixelsOf(rig.row(49), P0), range(27, 35));
  assert.deepEqual(pixelsOf(rig.row(52), P0), range(20, 28));
  assert.equal(rig.row(51)[0], BK);
});

test("HMOVE late in the line blanks the next line", () => {
  const rig = frame((r) => {
    r.writeAt(50, 75, HMOVE, 0);
  });
  assert.equal(rig.row(50)[0], BK);
  assert.deepEqual(Array.from(rig.row(51).subarray(0, 9)), [0, 0, 0, 0, 0, 0, 0, 0, BK]);
});

test("HMOVE at cycle 30 does not blank", () => {
  const rig = frame((r) => {
    r.writeAt(50, 30, HMOVE, 0);
  });
  assert.equal(rig.row(51)[0], BK);
  assert.equal(rig.row(50)[0], BK);
});

test("VBLANK draws black", () => {
  const rig = frame((r) => {
    r.writeAt(40, 0, VBLANK, 2);
    r.writeAt(43, 0, VBLANK, 0);
  });
  assert.deepEqual(pixelsOf(rig.row(41), 0).length, WIDTH);
  assert.deepEqual(pixelsOf(rig.row(44), BK).length, WIDTH);
});

test("collisions latch and CXCLR clears", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.writeAt(40, 30, RESP0, 0);
  rig.writeAt(40, 31, RESP1, 0);
  rig.writeAt(41, 0, GRP0, 0xff);
  rig.writeAt(41, 1, GRP1, 0xff);
  rig.writeAt(41, 2, PF0, 0xf0); // pixels 0-15 and 80-95
  rig.x.tiaSetDataBus(0);
  assert.equal(rig.readAt(40, 60, CXPPMM) & 0xc0, 0);
  assert.equal(rig.readAt(43, 0, CXPPMM) & 0xc0, 0x80);
  assert.equal(rig.readAt(43, 2, CXP0FB) & 0xc0, 0);
  rig.writeAt(44, 0, RESP0, 0);
  rig.writeAt(45, 0, CXCLR, 0);
  assert.equal(rig.readAt(45, 2, CXPPMM) & 0xc0, 0);
  assert.equal(rig.readAt(47, 0, CXP0FB) & 0xc0, 0x80);
});

test("collisions outside the display window are lost", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.writeAt(10, 30, RESP0, 0);
  rig.writeAt(10, 31, RESP1, 0);
  rig.writeAt(11, 0, GRP0, 0xff);
  rig.writeAt(11, 1, GRP1, 0xff);
  assert.equal(rig.readAt(20, 0, CXPPMM) & 0x80, 0);
  assert.equal(rig.readAt(36, 0, CXPPMM) & 0x80, 0x80);
});

test("missile and ball collisions", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.writeAt(40, 30, RESM0, 0);
  rig.writeAt(40, 31, RESP1, 0); // pixel 30, missile at 26
  rig.writeAt(40, 50, RESBL, 0); // pixel 86
  rig.writeAt(41, 0, ENAM0, 2);
  rig.writeAt(41, 1, NUSIZ0, 0x30); // 8-pixel missile: 26-33
  rig.writeAt(41, 2, GRP1, 0x80);
  rig.writeAt(41, 3, ENABL, 2);
  rig.writeAt(41, 4, PF0, 0xf0);
  assert.equal(rig.readAt(43, 0, CXM0P) & 0xc0, 0x80);
  assert.equal(rig.readAt(43, 2, CXBLPF) & 0xc0, 0x80);
});

test("RESMP0 hides the missile and centres it on release", () => {
  const rig = frame((r) => {
    r.writeAt(40, 30, RESP0, 0); // player at 27
    r.writeAt(41, 0, ENAM0, 2);
    r.writeAt(41, 1, RESMP0, 2);
    r.writeAt(45, 0, RESMP0, 0);
  });
  assert.deepEqual(pixelsOf(rig.row(43), P0), []);
  assert.deepEqual(pixelsOf(rig.row(46), P0), [31]);
});

test("WSYNC stalls to the end of the line", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.writeAt(5, 10, WSYNC, 0);
  assert.equal(rig.now, 6 * 76);
  rig.writeAt(6, 3, WSYNC, 0);
  assert.equal(rig.now, 7 * 76);
  rig.writeAt(7, 76, WSYNC, 0); // written on the line's last cycle
  assert.equal(rig.now, 8 * 76);
});

test("frame ends when VSYNC ends a line after it began", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.writeAt(100, 0, VSYNC, 2);
  rig.writeAt(100, 50, VSYNC, 0);
  assert.equal(rig.x.tiaFrameDone(), 0);
  rig.writeAt(101, 0, VSYNC, 2);
  rig.writeAt(102, 0, VSYNC, 0);
  assert.equal(rig.x.tiaFrameDone(), 1);
  rig.x.tiaEndFrame();
  assert.equal(rig.x.tiaScanlines(), 102);
});

test("frame ends on a write past line 290", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.writeAt(290, 75, COLUBK, 0);
  assert.equal(rig.x.tiaFrameDone(), 0);
  rig.writeAt(291, 0, COLUBK, 0);
  assert.equal(rig.x.tiaFrameDone(), 1);
});

test("next frame keeps the line phase", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.writeAt(262, 0, VSYNC, 2);
  rig.writeAt(265, 20, VSYNC, 0);
  rig.x.tiaEndFrame();
  rig.startFrame();
  // The new frame's line 0 started 20 cycles before the VSYNC write ended.
  assert.equal(rig.now, 20);
});

test("cut-off frame is greyed from the current line and continues", () => {
  const rig = frame((r) => {
    r.writeAt(40, 0, COLUBK, 0x3e);
  });
  // Second frame: cut off in line 100 without VSYNC.
  rig.startFrame();
  rig.writeAt(60, 0, COLUBK, 0x24);
  rig.x.tiaIdle(40 * 76);
  rig.x.tiaEndFrame();
  assert.equal(rig.x.tiaFrameDone(), 0);
  // Rows from line 100 down are greyed; they still hold the buffer's old
  // contents (zeros from the reset). Lines 60-99 were never drawn.
  assert.equal(pixelsOf(rig.row(59), 0x3e).length, WIDTH);
  assert.equal(pixelsOf(rig.row(80), 0).length, WIDTH);
  assert.equal(pixelsOf(rig.row(100), 0).length, WIDTH);
  // Continue the same frame: later lines are drawn normally.
  rig.x.tiaStartFrame();
  rig.writeAt(130, 0, COLUBK, 0x24);
  rig.finishFrame();
  assert.equal(rig.row(120)[5], 0x24);
  assert.equal(rig.row(59)[5], 0x3e);
});

test("greyed rows become (p & 15) >> 1", () => {
  const rig = frame((r) => {
    r.writeAt(20, 0, COLUBK, 0x3e);
  });
  frame(() => {}, rig); // the second buffer is now BK everywhere
  // Third frame draws into the first buffer (all 0x3e); cut it at line 80.
  rig.startFrame();
  rig.writeAt(50, 0, COLUBK, 0x3e);
  rig.x.tiaIdle(30 * 76);
  rig.x.tiaEndFrame();
  const grey = (0x3e & 0x0f) >> 1;
  assert.equal(rig.row(79)[0], 0x3e);
  assert.equal(rig.row(80)[0], grey);
  assert.equal(rig.row(200)[159], grey);
});

test("fire buttons and undriven bits", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.x.tiaSetDataBus(0x2c);
  assert.equal(rig.x.tiaRead(INPT4), 0x80 | 0x2c);
  rig.x.tiaSetFire(1, 0);
  rig.x.tiaSetDataBus(0xff);
  assert.equal(rig.x.tiaRead(INPT4), 0x3f);
  rig.x.tiaSetDataBus(0);
  assert.equal(rig.x.tiaRead(INPT5), 0x80);
});

test("paddle charges after the dump is released", () => {
  const rig = new TiaRig();
  rig.startFrame();
  const resistance = 408823;
  const needed = Math.trunc(1.6 * resistance * 0.01e-6 * 1.19e6);
  rig.x.tiaSetPaddle(0, resistance);
  rig.writeAt(1, 0, VBLANK, 0x80);
  rig.x.tiaSetDataBus(0);
  assert.equal(rig.readAt(2, 0, INPT0), 0);
  rig.writeAt(3, 0, VBLANK, 0);
  const released = 3 * 76;
  rig.x.tiaIdle(released + needed - 1 - rig.now);
  assert.equal(rig.x.tiaRead(INPT0), 0, "at exactly the needed cycles");
  assert.equal(rig.x.tiaRead(INPT0), 0x80);
  rig.x.tiaSetPaddle(1, 0);
  assert.equal(rig.x.tiaRead(INPT0 + 1), 0x80);
  rig.x.tiaSetPaddle(2, 0x7fffffff);
  assert.equal(rig.x.tiaRead(INPT0 + 2), 0);
});

test("saved state restores position and frame", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.writeAt(40, 30, RESP0, 0);
  rig.writeAt(41, 0, GRP0, 0xff);
  rig.writeAt(41, 1, COLUP0, P0);
  rig.x.tiaSave();
  const cycles = rig.x.tiaCycles();
  rig.writeAt(42, 45, RESP0, 0);
  rig.finishFrame();
  const moved = pixelsOf(rig.row(60), P0);
  rig.x.tiaRestore();
  rig.x.tiaIdle(cycles - rig.x.tiaCycles());
  rig.finishFrame();
  assert.deepEqual(pixelsOf(rig.row(60), P0), range(27, 35));
  assert.notDeepEqual(moved, range(27, 35));
});

test("frame left open for 2^28 cycles restarts", () => {
  const rig = new TiaRig();
  rig.startFrame();
  rig.x.tiaEndFrame(); // cut off: the next startFrame() would continue it
  rig.x.tiaIdle(2 ** 28 + 76 * 5 + 10);
  rig.startFrame();
  assert.equal(rig.x.tiaFrameCycles(), 0);
  rig.writeAt(262, 0, VSYNC, 2);
  rig.writeAt(265, 0, VSYNC, 0);
  assert.equal(rig.x.tiaFrameDone(), 1);
  rig.x.tiaEndFrame();
  assert.equal(rig.x.tiaScanlines(), 265);
});

test("colour planes match the priority encoder", () => {
  const rig = new TiaRig();
  assert.equal(rig.x.tiaCheckPixelRules(), 0);
});
