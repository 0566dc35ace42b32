// Test entry for the TIA alone: a Bus with no CPU, where each tiaWrite or
// tiaRead is one bus cycle, as the CPU's last access of an instruction
// would be. Built by test/tia only; the emulator's entry is assembly/index.ts.

import { Bus } from "../bus";
import { Controls } from "../controls";
import { Tia } from "./tia";
import { PRIORITY_ENCODER, COLLISION_TABLE } from "./tables";

let bus = new Bus();
let controls = new Controls();
let tia = new Tia(bus, controls);
let saved = new Tia(bus, controls);

/** Creates a fresh TIA with the given display window and format. */
export function tiaCreate(yStart: i32, height: i32, pal: bool): void {
  bus = new Bus();
  controls = new Controls();
  tia = new Tia(bus, controls);
  tia.setDisplayWindow(yStart, height);
  tia.setFormat(pal);
  tia.reset();
  saved = new Tia(bus, controls);
}

/** Lets `cycles` CPU cycles pass without touching the TIA. */
export function tiaIdle(cycles: i32): void {
  bus.cycles += <u64>cycles;
}

export function tiaCycles(): f64 {
  return <f64>bus.cycles;
}

export function tiaWrite(address: u32, value: u32): void {
  bus.cycles++;
  bus.dataBus = value;
  tia.write(address, value);
}

export function tiaRead(address: u32): u32 {
  bus.cycles++;
  const value = tia.read(address);
  bus.dataBus = value;
  return value;
}

export function tiaSetDataBus(value: u32): void {
  bus.dataBus = value;
}

export function tiaSetFire(left: bool, right: bool): void {
  controls.leftFire = left;
  controls.rightFire = right;
}

export function tiaSetPaddle(index: i32, resistance: i32): void {
  controls.paddleResistance[index] = resistance;
}

export function tiaStartFrame(): void {
  tia.startFrame();
}

export function tiaEndFrame(): void {
  tia.endFrame();
}

export function tiaFrameDone(): bool {
  return tia.frameDone;
}

export function tiaScanlines(): i32 {
  return tia.scanlines;
}

export function tiaFrameCycles(): u32 {
  return tia.frameCycles;
}

/** Bus cycle at which line 0 of the current frame began. */
export function tiaLineOrigin(): f64 {
  return <f64>tia.cycleBase + <f64>(tia.frameStart / 3);
}

export function tiaHeight(): i32 {
  return tia.height;
}

export function tiaFrameBuffer(): usize {
  tia.drawPending();
  return tia.frameBufferPointer;
}

export function tiaSave(): void {
  saved.copyFrom(tia);
}

export function tiaRestore(): void {
  tia.copyFrom(saved);
}

let frameOrigin: u64 = 0;

function lineOf(line: i32): u64 {
  return frameOrigin + <u64>(line * 76);
}

// A write at cycle `cycle` of the current line (the bus is at a line start
// after WSYNC).
function kernelWrite(lineStart: u64, cycle: i32, address: u32, value: u32): void {
  bus.cycles = lineStart + <u64>(cycle - 1);
  tiaWrite(address, value);
}

/**
 * Runs `frames` frames of a synthetic game kernel entirely inside the
 * module, for bench/tia.ts: VSYNC, 34 blank lines, 192 drawn lines with
 * HMOVE, both players, a missile, the ball and an asymmetric playfield
 * rewritten mid-line, then overscan. Returns a checksum of the last frame.
 */
export function tiaBenchKernel(frames: i32): u32 {
  for (let f = 0; f < frames; f++) {
    tia.startFrame();
    frameOrigin = <u64>(<i64>tia.cycleBase + <i64>(tia.frameStart / 3));
    kernelWrite(lineOf(0), 3, 0x00, 2);
    kernelWrite(lineOf(3), 3, 0x00, 0);
    kernelWrite(lineOf(3), 6, 0x01, 2);
    kernelWrite(lineOf(30), 25, 0x10, 0);
    kernelWrite(lineOf(30), 40, 0x11, 0);
    kernelWrite(lineOf(31), 3, 0x2a, 0);
    kernelWrite(lineOf(36), 3, 0x01, 0);
    for (let n = 37; n < 229; n++) {
      const start = lineOf(n);
      const k = <u32>(n + f);
      kernelWrite(start, 3, 0x2a, 0);
      kernelWrite(start, 8, 0x1b, k & 0xff);
      kernelWrite(start, 12, 0x1c, (k * 7) & 0xff);
      kernelWrite(start, 16, 0x1d, (k & 8) >> 2);
      kernelWrite(start, 19, 0x1f, (k & 16) >> 3);
      kernelWrite(start, 22, 0x0d, 0xf0);
      kernelWrite(start, 26, 0x0e, k & 0xaa);
      kernelWrite(start, 30, 0x0f, 0x81);
      kernelWrite(start, 40, 0x0d, 0x30);
      kernelWrite(start, 45, 0x0e, 0x55);
      kernelWrite(start, 50, 0x0f, 0x18);
      kernelWrite(start, 60, 0x08, (k << 1) & 0xfe);
      kernelWrite(start, 70, 0x02, 0);
    }
    kernelWrite(lineOf(229), 3, 0x01, 2);
    kernelWrite(lineOf(262), 3, 0x00, 2);
    kernelWrite(lineOf(265), 3, 0x00, 0);
    tia.endFrame();
  }
  let sum: u32 = 0;
  const pixels = tia.frameBuffer;
  for (let i = 0; i < pixels.length; i++) sum = sum * 31 + <u32>pixels[i];
  return sum;
}

/**
 * Checks the renderer's colour planes and collision latching against the
 * per-pixel priority encoder and collision tables, for every object set,
 * score/priority mode and screen half. Returns the number of mismatches.
 */
export function tiaCheckPixelRules(): i32 {
  let mismatches = 0;
  for (let mode = 0; mode < 4; mode++) {
    tia.priorityAndScore = mode << 6;
    for (let set = 0; set < 64; set++) {
      for (let half = 0; half < 2; half++) {
        const x = half == 0 ? 40 : 120;
        for (let slot = 0; slot < 6; slot++) {
          for (let word = 0; word < 3; word++) {
            const on = (set >> slot) & 1 && word == x >> 6;
            tia.masks[slot * 3 + word] = on ? <u64>1 << <u64>(x & 63) : 0;
          }
        }
        const expected = <i32>PRIORITY_ENCODER[half * 256 + (set | (mode << 6))];
        if (tia.colorIndexAt(x) != expected) mismatches++;
        if (tia.collisionsAt(x) != <u32>COLLISION_TABLE[set]) mismatches++;
      }
    }
  }
  return mismatches;
}
