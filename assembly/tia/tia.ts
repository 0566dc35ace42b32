// TIA: video, collisions and input ports, rendered the way ALE 0.12.1 (Stella
// 2.4.2's TIA) renders them. It is a catch-up renderer: nothing happens per
// colour clock. Each register access first draws the frame up to the clock of
// the access (plus a per-register write delay), then changes state. Pixels
// are drawn in runs of equal colour with 160-bit object masks. An access
// that cannot change the picture (WSYNC, audio, motion registers, input
// ports, a register rewritten with its current value) only moves
// `pendingClock`, the clock the frame would have been drawn to. The next
// draw covers it with the same state, so the pixels are the same.
//
// Clocks are colour clocks counted from the cycle where the current frame
// began (Stella resets its cycle counter there), so `frameStart` is the
// (negative) clock of the first line's start.

import { Bus } from "../bus";
import { Controls } from "../controls";
import {
  P0_BIT, M0_BIT, P1_BIT, M1_BIT, BL_BIT, PF_BIT, SCORE_BIT, PRIORITY_BIT,
  REVERSE_BYTE, WIDEN2, WIDEN4, CANDIDATE_PAIRS, COLLISION_SLOT_A,
  COLLISION_SLOT_B,
  COPY_OFFSETS, MOTION_TABLE, HMOVE_BLANK_CYCLES, WRITE_DELAY,
  PLAYFIELD_DELAY,
} from "./tables";
import { StateCursor, STATE_SAVE, STATE_LOAD, STATE_MEASURE } from "./state";
import {
  latchBits, resetPhase, playerCentre, wrapPosition, rangeBits, widen4,
  reverse20, fillBytes,
} from "./helpers";

export const SCREEN_WIDTH: i32 = 160;
export const CLOCKS_PER_LINE: i32 = 228;
export const CYCLES_PER_LINE: i32 = 76;
const HBLANK_CLOCKS: i32 = 68;
// HMOVE in HBLANK blanks the first 8 pixels of the line.
const HMOVE_BLANK_END: i32 = HBLANK_CLOCKS + 8;
// CTRLPF's reflect bit changes the playfield at once only while the beam
// is left of this clock; otherwise it waits for the next line.
const REFLECT_IMMEDIATE_LIMIT: i32 = HBLANK_CLOCKS + 79;
// RESPx during the display of a copy draws 11 more clocks of the old copy.
const RESP_DISPLAY_DELAY: i32 = 11;

/** Frame ends when the game writes to the TIA beyond this many lines. */
export const NTSC_MAX_SCANLINES: i32 = 290;
export const PAL_MAX_SCANLINES: i32 = 342;

/** Paddle resistances (ohms) with a fixed reading: always charged, never. */
export const MIN_RESISTANCE: i32 = 0;
export const MAX_RESISTANCE: i32 = 0x7fffffff;

// Stella's display height floor; the frame buffer always has this many rows.
const MIN_FRAME_HEIGHT: i32 = 200;
const MAX_Y_START: i32 = 100;
const MAX_HEIGHT: i32 = 300;
const NO_VSYNC_END: i32 = 0x7fffffff;
const MAX_OPEN_FRAME_CYCLES: u64 = 1 << 28;

// Write registers (address & 0x3f).
const VSYNC: u32 = 0x00;
const VBLANK: u32 = 0x01;
const WSYNC: u32 = 0x02;
const NUSIZ0: u32 = 0x04;
const NUSIZ1: u32 = 0x05;
const COLUP0: u32 = 0x06;
const COLUP1: u32 = 0x07;
const COLUPF: u32 = 0x08;
const COLUBK: u32 = 0x09;
const CTRLPF: u32 = 0x0a;
const REFP0: u32 = 0x0b;
const REFP1: u32 = 0x0c;
const PF0: u32 = 0x0d;
const PF1: u32 = 0x0e;
const PF2: u32 = 0x0f;
const RESP0: u32 = 0x10;
const RESP1: u32 = 0x11;
const RESM0: u32 = 0x12;
const RESM1: u32 = 0x13;
const RESBL: u32 = 0x14;
const GRP0: u32 = 0x1b;
const GRP1: u32 = 0x1c;
const ENAM0: u32 = 0x1d;
const ENAM1: u32 = 0x1e;
const ENABL: u32 = 0x1f;
const HMP0: u32 = 0x20;
const HMP1: u32 = 0x21;
const HMM0: u32 = 0x22;
const HMM1: u32 = 0x23;
const HMBL: u32 = 0x24;
const VDELP0: u32 = 0x25;
const VDELP1: u32 = 0x26;
const VDELBL: u32 = 0x27;
const RESMP0: u32 = 0x28;
const RESMP1: u32 = 0x29;
const HMOVE: u32 = 0x2a;
const HMCLR: u32 = 0x2b;
const CXCLR: u32 = 0x2c;

const VSYNC_ON: u32 = 0b0000_0010;
const VBLANK_ON: u32 = 0b0000_0010;
const VBLANK_DUMP: u32 = 0b1000_0000;
const ENABLE_BIT: u32 = 0b0000_0010;
const REFLECT_BIT: u32 = 0b0000_1000;
const CHARGED: u32 = 0b1000_0000;
const BUS_NOISE_MASK: u32 = 0b0011_1111;

// Object slots in `masks` (3 words each), in enabled-set bit order.
const SLOT_P0: i32 = 0;
const SLOT_M0: i32 = 1;
const SLOT_P1: i32 = 2;
const SLOT_M1: i32 = 3;
const SLOT_BL: i32 = 4;
const SLOT_PF: i32 = 5;
const OBJECT_COUNT: i32 = 6;

// Missile 0 shapes of the "Cosmic Ark" star-field quirk.
const M0_NORMAL: i32 = 0;
const M0_STRETCHED: i32 = 1;
const M0_HIDDEN: i32 = 2;
// Per-line missile 0 moves of that quirk, indexed by its line counter.
const COSMIC_ARK_STEP: StaticArray<i32> = [18, 33, 0, 17];
const RING_LOW_32: u64 = 0xffff_ffff;
// Offsets in Tia.derived: colour plane bit 0, bit 1 and their edges, one
// word per 64 pixels.
const DERIVED_LOW: i32 = 0;
const DERIVED_HIGH: i32 = 3;
const DERIVED_EDGES: i32 = 6;
// Above this many colour changes in a segment, fillGroups beats run fills.
const MAX_RUNS_PER_SEGMENT: i32 = 2;
// Lane i of a spread mask tests bit i of a 16-bit value: lanes 0-7 take
// the low byte, lanes 8-15 the high byte.
const SPREAD_BYTE_OF_LANE: v128 = i8x16(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
const SPREAD_BIT_OF_LANE: v128 = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);

// 16 byte lanes, all ones where the matching bit of the low 16 bits of
// `bits` is set.
@inline
function spreadBits16(bits: u32): v128 {
  const bytes = i8x16.swizzle(i16x8.splat(<i16>bits), SPREAD_BYTE_OF_LANE);
  return i8x16.eq(v128.and(bytes, SPREAD_BIT_OF_LANE), SPREAD_BIT_OF_LANE);
}
// Pixels 0-79 (the score colour's left half) per mask word.
const LEFT_HALF: StaticArray<u64> = [0xffff_ffff_ffff_ffff, 0xffff, 0];

export class Tia {
  bus: Bus;
  controls: Controls;

  /** Set when the game has ended the frame (VSYNC or the line limit). */
  frameDone: bool = false;
  /** Scanline reached when the last endFrame() ran. */
  scanlines: i32 = 0;
  /** Lines of the last finished frame (drives PAL colour loss). */
  scanlineCountForLastFrame: i32 = 0;

  /** PAL: 342-line limit and colour loss. Set through setFormat(). */
  pal: bool = false;
  colorLoss: bool = false;
  maxScanlines: i32 = NTSC_MAX_SCANLINES;
  /** Stella's Emulation.HmoveBlanks property. */
  allowHmoveBlanks: bool = true;

  /** First frame line stored in the frame buffer (Display.YStart). */
  yStart: i32 = 34;
  /** Display.Height as given; the buffer keeps at least 200 rows. */
  displayHeight: i32 = 210;
  /** Rows the screen shows: displayHeight, at least 200. */
  height: i32 = 210;

  // Two frame buffers of palette indices. `front` is the one being drawn
  // and shown, and the other contains the frame before.
  buffers: StaticArray<StaticArray<u8>>;
  front: i32 = 0;
  framePointer: i32 = 0;
  partialGreyed: bool = false;
  // True between startFrame() and the endFrame() that sees the frame done;
  // a frame cut off by the instruction limit stays open.
  midFrame: bool = false;

  // Frame clocks (see the header).
  cycleBase: u64 = 0;
  frameStart: i32 = 0;
  startDisplay: i32 = 0;
  stopDisplay: i32 = 0;
  lastUpdate: i32 = 0;
  // Clock the frame must be drawn to before the next state change (see
  // the file comment).
  pendingClock: i32 = 0;
  clocksToEndOfLine: i32 = CLOCKS_PER_LINE;
  vsyncEnd: i32 = NO_VSYNC_END;
  lastHmoveClock: i32 = 0;
  lastTiaWriteCycle: u64 = 0xffff_ffff_ffff_ffff;

  // Registers.
  vsync: u32 = 0;
  vblank: u32 = 0;
  nusiz0: u32 = 0;
  nusiz1: u32 = 0;
  ctrlpf: u32 = 0;
  priorityAndScore: i32 = 0;
  refp0: bool = false;
  refp1: bool = false;
  playfield: u32 = 0;
  grp0: u32 = 0;
  grp1: u32 = 0;
  oldGrp0: u32 = 0;
  oldGrp1: u32 = 0;
  currentGrp0: u32 = 0;
  currentGrp1: u32 = 0;
  enam0: bool = false;
  enam1: bool = false;
  enabl: bool = false;
  oldEnabl: bool = false;
  hmp0: i32 = 0;
  hmp1: i32 = 0;
  hmm0: i32 = 0;
  hmm1: i32 = 0;
  hmbl: i32 = 0;
  vdelp0: bool = false;
  vdelp1: bool = false;
  vdelbl: bool = false;
  resmp0: bool = false;
  resmp1: bool = false;
  collision: u32 = 0;
  posP0: i32 = 0;
  posP1: i32 = 0;
  posM0: i32 = 0;
  posM1: i32 = 0;
  posBL: i32 = 0;
  // Colour registers BK, PF, P0, P1 (COLOR_* order).
  colors: StaticArray<u8> = new StaticArray<u8>(4);

  // Drawing state derived from the registers.
  skipFirstP0: bool = false;
  skipFirstP1: bool = false;
  reflectedPlayfield: bool = false;
  hmoveBlank: bool = false;
  cosmicArk: bool = false;
  cosmicArkCounter: i32 = 0;
  m0Shape: i32 = M0_NORMAL;

  // Paddle capacitor dump (VBLANK bit 7).
  dumpEnabled: bool = false;
  dumpReleasedCycle: u64 = 0;

  // 160-bit object masks (pixel x is bit x & 63 of word x >> 6), and the
  // objects whose mask must be rebuilt before the next pixels are drawn.
  masks: StaticArray<u64> = new StaticArray<u64>(OBJECT_COUNT * 3);
  dirty: i32 = 0b11_1111;
  // Objects whose mask has at least one pixel, in enabled-set bit order.
  present: i32 = 0;
  private ring0: u64 = 0;
  private ring1: u64 = 0;
  private ring2: u64 = 0;
  private ring3: u64 = 0;

  constructor(bus: Bus, controls: Controls) {
    this.bus = bus;
    this.controls = controls;
    this.buffers = new StaticArray<StaticArray<u8>>(2);
    this.allocateBuffers();
  }

  /**
   * Sets the rows kept in the frame buffer: frame lines yStart to
   * yStart + height - 1 (Display.YStart and Display.Height). Call before
   * reset().
   */
  setDisplayWindow(yStart: i32, height: i32): void {
    if (yStart < 0 || yStart > MAX_Y_START) {
      throw new Error("Display.YStart " + yStart.toString() + " is invalid: use 0 to " + MAX_Y_START.toString());
    }
    if (height < 1 || height > MAX_HEIGHT) {
      throw new Error("Display.Height " + height.toString() + " is invalid: use 1 to " + MAX_HEIGHT.toString());
    }
    if (yStart == this.yStart && height == this.displayHeight) return;
    this.yStart = yStart;
    this.displayHeight = height;
    this.height = max(height, MIN_FRAME_HEIGHT);
    this.allocateBuffers();
  }

  /** Selects NTSC or PAL (line limit and colour loss). Call before reset(). */
  setFormat(pal: bool): void {
    this.pal = pal;
    this.colorLoss = pal;
    this.maxScanlines = pal ? PAL_MAX_SCANLINES : NTSC_MAX_SCANLINES;
  }

  // Rows: the window, plus yStart rows because the first frame after a reset
  // that interrupts a cut-off frame draws from line 0, plus one spare row for
  // the HMOVE blank, which may clear past the last pixel drawn.
  private allocateBuffers(): void {
    const rows = this.yStart + max(this.displayHeight, this.height) + 1;
    this.buffers[0] = new StaticArray<u8>(rows * SCREEN_WIDTH);
    this.buffers[1] = new StaticArray<u8>(rows * SCREEN_WIDTH);
    this.selectFront(this.front);
  }

  /** The frame buffer the screen shows: `height` rows of 160 pixels. */
  get frameBuffer(): StaticArray<u8> {
    return unchecked(this.buffers[this.front]);
  }

  /** Address of the frame buffer in linear memory. */
  get frameBufferPointer(): usize {
    return this.frontPointer;
  }

  // Address and length of buffers[front], kept in step by selectFront().
  private frontPointer: usize = 0;
  private bufferLength: i32 = 0;

  private selectFront(front: i32): void {
    this.front = front;
    const buffer = unchecked(this.buffers[front]);
    this.frontPointer = changetype<usize>(buffer);
    this.bufferLength = buffer.length;
  }

  /** Colour clocks since the current frame's cycle base. */
  @inline
  private clockNow(): i32 {
    return <i32>(<u32>(this.bus.cycles - this.cycleBase)) * 3;
  }

  /**
   * Resets registers, clears both frame buffers and restarts line counting
   * at the current bus cycle. A frame cut off by the instruction limit stays
   * marked as cut off, as in Stella.
   */
  reset(): void {
    this.resetRegisters();
    this.resetObjects();
    this.clearBuffers();
    this.cycleBase = this.bus.cycles;
    this.framePointer = 0;
    this.frameStart = 0;
    this.startDisplay = CLOCKS_PER_LINE * this.yStart;
    this.stopDisplay = this.startDisplay + CLOCKS_PER_LINE * this.displayHeight;
    this.lastUpdate = 0;
    this.pendingClock = 0;
    this.clocksToEndOfLine = CLOCKS_PER_LINE;
    this.vsyncEnd = NO_VSYNC_END;
    this.scanlineCountForLastFrame = 0;
    this.scanlines = 0;
    this.lastHmoveClock = 0;
    this.dumpEnabled = false;
    this.dumpReleasedCycle = this.bus.cycles;
  }

  private resetRegisters(): void {
    this.vsync = 0;
    this.vblank = 0;
    this.nusiz0 = 0;
    this.nusiz1 = 0;
    this.ctrlpf = 0;
    this.priorityAndScore = 0;
    this.refp0 = false;
    this.refp1 = false;
    this.playfield = 0;
    this.grp0 = 0;
    this.grp1 = 0;
    this.oldGrp0 = 0;
    this.oldGrp1 = 0;
    this.currentGrp0 = 0;
    this.currentGrp1 = 0;
    this.enam0 = false;
    this.enam1 = false;
    this.enabl = false;
    this.oldEnabl = false;
    this.hmp0 = 0;
    this.hmp1 = 0;
    this.hmm0 = 0;
    this.hmm1 = 0;
    this.hmbl = 0;
    this.vdelp0 = false;
    this.vdelp1 = false;
    this.vdelbl = false;
    this.resmp0 = false;
    this.resmp1 = false;
    this.collision = 0;
    for (let i = 0; i < 4; i++) unchecked((this.colors[i] = 0));
  }

  private resetObjects(): void {
    this.posP0 = 0;
    this.posP1 = 0;
    this.posM0 = 0;
    this.posM1 = 0;
    this.posBL = 0;
    this.skipFirstP0 = false;
    this.skipFirstP1 = false;
    this.reflectedPlayfield = false;
    this.hmoveBlank = false;
    this.cosmicArk = false;
    this.cosmicArkCounter = 0;
    this.m0Shape = M0_NORMAL;
    this.dirty = 0b11_1111;
    this.derivedValid = false;
  }

  private clearBuffers(): void {
    for (let b = 0; b < 2; b++) {
      const buffer = unchecked(this.buffers[b]);
      memory.fill(changetype<usize>(buffer), 0, <usize>buffer.length);
    }
  }

  /**
   * Begins one emulated frame (one ALE update). A new frame starts unless
   * the previous one was cut off by the instruction limit, which continues.
   */
  startFrame(): void {
    // Colour clocks are i32 like Stella's, so a frame left open for about
    // 700 million cycles would overflow them. Such a frame (no TIA write
    // for thousands of updates) is closed here instead.
    const open = this.bus.cycles - this.cycleBase;
    if (!this.midFrame || open > MAX_OPEN_FRAME_CYCLES) this.beginNewFrame();
    this.midFrame = true;
    this.frameDone = false;
  }

  private beginNewFrame(): void {
    this.selectFront(this.front ^ 1);
    const now = <u32>(this.bus.cycles - this.cycleBase) * 3;
    const clocks = <i32>((now - <u32>this.frameStart) % <u32>CLOCKS_PER_LINE);

    // Stella restarts its cycle counter here; clocks kept across frames
    // move with it.
    const shift = <i32>now;
    this.cycleBase = this.bus.cycles;
    this.vsyncEnd -= shift;
    this.lastHmoveClock -= shift;

    this.frameStart = -clocks;
    this.startDisplay = this.frameStart + CLOCKS_PER_LINE * this.yStart;
    this.stopDisplay = this.startDisplay + CLOCKS_PER_LINE * this.displayHeight;
    this.lastUpdate = this.startDisplay;
    this.pendingClock = this.startDisplay;
    this.clocksToEndOfLine = CLOCKS_PER_LINE;
    this.framePointer = 0;
    if (this.colorLoss) this.applyColorLoss();
    this.partialGreyed = false;
  }

  // PAL colour loss: after a frame with an odd line count, every colour
  // register gets bit 0 set.
  private applyColorLoss(): void {
    const odd = <u8>(this.scanlineCountForLastFrame & 1);
    for (let i = 0; i < 4; i++) {
      unchecked((this.colors[i] = (this.colors[i] & 0xfe) | odd));
    }
  }

  /**
   * Ends one emulated frame. A frame the game finished records its line
   * count. A frame cut off by the instruction limit instead has its frame
   * buffer greyed from the current line down, once.
   */
  endFrame(): void {
    this.drawPending();
    const now = <u32>(this.bus.cycles - this.cycleBase) * 3;
    this.scanlines = <i32>((now - <u32>this.frameStart) / <u32>CLOCKS_PER_LINE);
    if (this.frameDone) {
      this.scanlineCountForLastFrame = this.scanlines;
      this.partialGreyed = false;
      this.midFrame = false;
      return;
    }
    if (!this.partialGreyed) this.greyFrame();
    this.partialGreyed = true;
  }

  /** CPU cycles since the current frame began. */
  get frameCycles(): u32 {
    return <u32>(this.bus.cycles - this.cycleBase);
  }

  // NOTE: Stella's fills write 4 bytes at a time and can run up to 3
  // pixels past a segment's end. The next segment redraws those pixels, so
  // only the line where a frame is cut off could differ once greyed; that
  // overrun is not reproduced.
  private greyFrame(): void {
    let line = <u32>this.scanlines;
    if (line < <u32>this.yStart) line = <u32>this.yStart;
    const end = <u32>(this.displayHeight + this.yStart);
    if (line >= end) return;
    const buffer = this.frameBuffer;
    const first = <i32>(line - <u32>this.yStart) * SCREEN_WIDTH;
    const last = <i32>(end - <u32>this.yStart) * SCREEN_WIDTH;
    for (let i = first; i < last; i++) {
      unchecked((buffer[i] = (buffer[i] & 0x0f) >> 1));
    }
  }

  /**
   * Reads a TIA register: collision latches and input ports. The TIA drives
   * bits 7 and 6, and bits 5-0 are the last value on the data bus.
   */
  read(address: u32): u32 {
    const clock = this.clockNow();
    // Only the collision latches (registers 0-7) depend on the picture.
    if (address & 0b1000) this.pendingClock = max(this.pendingClock, clock);
    else this.updateFrame(max(this.pendingClock, clock));
    const noise = this.bus.dataBus & BUS_NOISE_MASK;
    const latches = this.collision;
    switch (address & 0x0f) {
      case 0x00: return latchBits(latches, 0, 1) | noise;
      case 0x01: return latchBits(latches, 2, 3) | noise;
      case 0x02: return latchBits(latches, 4, 5) | noise;
      case 0x03: return latchBits(latches, 6, 7) | noise;
      case 0x04: return latchBits(latches, 8, 9) | noise;
      case 0x05: return latchBits(latches, 10, 11) | noise;
      case 0x06: return (((latches >> 12) & 1) << 7) | noise;
      case 0x07: return latchBits(latches, 13, 14) | noise;
      case 0x08:
      case 0x09:
      case 0x0a:
      case 0x0b: return this.readPaddle(<i32>(address & 3)) | noise;
      // NOTE: VBLANK bit 6 does not latch INPT4/INPT5 here, because the
      // TIA of Stella 2.4.2 (ALE 0.12.1) does not emulate that latch.
      case 0x0c: return (this.controls.leftFire ? 0 : CHARGED) | noise;
      case 0x0d: return (this.controls.rightFire ? 0 : CHARGED) | noise;
      default: return noise;
    }
  }

  // Paddle port: the capacitor charges through the paddle's resistance
  // after VBLANK bit 7 releases it; bit 7 reads 1 once it is charged.
  // Stella 2.4.2 compares 32-bit cycle counts that restart every frame,
  // unsigned, so a release in an earlier frame can read as not charged.
  private readPaddle(index: i32): u32 {
    const resistance = unchecked(this.controls.paddleResistance[index]);
    if (resistance == MIN_RESISTANCE) return CHARGED;
    if (resistance == MAX_RESISTANCE || this.dumpEnabled) return 0;
    const seconds = 1.6 * <f64>resistance * 0.01e-6;
    const needed = <u32>(seconds * 1.19e6);
    const now = <u32>(this.bus.cycles - this.cycleBase);
    const released = <u32>(this.dumpReleasedCycle - this.cycleBase);
    return now > released + needed ? CHARGED : 0;
  }

  /**
   * Writes a TIA register. The frame is first drawn up to the write's
   * clock plus the register's write delay, unless the write cannot change
   * the picture: then only `pendingClock` moves (see the file comment).
   * Registers the renderer reads count as unchanged when rewritten with
   * their current value. WSYNC, RSYNC, audio, HMxx, HMCLR and unused
   * addresses never change the picture by themselves.
   */
  write(address: u32, value: u32): void {
    const register = address & 0x3f;
    const clock = this.clockNow();
    let delay = <i32>unchecked(WRITE_DELAY[register]);
    if (delay < 0) {
      const x = (clock - this.frameStart) % CLOCKS_PER_LINE;
      delay = <i32>unchecked(PLAYFIELD_DELAY[(x / 3) & 3]);
    }
    value &= 0xff;
    const drawTo = max(clock + delay, this.pendingClock);
    this.pendingClock = drawTo;

    // Same test as (clock - frameStart) / 228 > maxScanlines, without the
    // division (the difference is never negative).
    if (clock - this.frameStart >= (this.maxScanlines + 1) * CLOCKS_PER_LINE) {
      this.frameDone = true;
    }
    const cycles = this.bus.cycles;
    const previousWrite = this.lastTiaWriteCycle;
    this.lastTiaWriteCycle = cycles;

    // One switch both decides whether to draw first and applies the write.
    switch (register) {
      case VSYNC: {
        this.updateFrame(drawTo);
        this.writeVsync(clock, value);
        break;
      }
      case VBLANK: {
        if (value == this.vblank) break;
        this.updateFrame(drawTo);
        this.writeVblank(value);
        break;
      }
      case WSYNC: if (cycles - 1 != previousWrite) this.waitForLineEnd(); break;
      case NUSIZ0: {
        if (value == this.nusiz0 && !this.skipFirstP0 && this.m0Shape == M0_NORMAL) break;
        this.updateFrame(drawTo);
        this.writeNusiz0(value);
        break;
      }
      case NUSIZ1: {
        if (value == this.nusiz1 && !this.skipFirstP1) break;
        this.updateFrame(drawTo);
        this.writeNusiz1(value);
        break;
      }
      case COLUP0: this.writeColor(2, value, drawTo); break;
      case COLUP1: this.writeColor(3, value, drawTo); break;
      case COLUPF: this.writeColor(1, value, drawTo); break;
      case COLUBK: this.writeColor(0, value, drawTo); break;
      case CTRLPF: {
        if (value == this.ctrlpf && ((value & 1) != 0) == this.reflectedPlayfield) break;
        this.updateFrame(drawTo);
        this.writeCtrlpf(clock, value);
        break;
      }
      case REFP0: {
        if (((value & REFLECT_BIT) != 0) == this.refp0) break;
        this.updateFrame(drawTo);
        this.writeRefp0(value);
        break;
      }
      case REFP1: {
        if (((value & REFLECT_BIT) != 0) == this.refp1) break;
        this.updateFrame(drawTo);
        this.writeRefp1(value);
        break;
      }
      case PF0: this.writePlayfield((this.playfield & 0xffff0) | (value >> 4), drawTo); break;
      case PF1: this.writePlayfield((this.playfield & 0xff00f) | (value << 4), drawTo); break;
      case PF2: this.writePlayfield((this.playfield & 0x00fff) | (value << 12), drawTo); break;
      case RESP0: this.updateFrame(drawTo); this.resetPlayer0(clock); break;
      case RESP1: this.updateFrame(drawTo); this.resetPlayer1(clock); break;
      case RESM0: this.updateFrame(drawTo); this.resetMissile0(clock); break;
      case RESM1: this.updateFrame(drawTo); this.resetMissile1(clock); break;
      case RESBL: this.updateFrame(drawTo); this.resetBall(clock); break;
      case GRP0: {
        if (value == this.grp0 && this.oldGrp1 == this.grp1) break;
        this.updateFrame(drawTo);
        this.writeGrp0(value);
        break;
      }
      case GRP1: {
        if (value == this.grp1 && this.oldGrp0 == this.grp0 && this.oldEnabl == this.enabl) break;
        this.updateFrame(drawTo);
        this.writeGrp1(value);
        break;
      }
      case ENAM0: {
        const enabled = (value & ENABLE_BIT) != 0;
        if (enabled == this.enam0) break;
        this.updateFrame(drawTo);
        this.enam0 = enabled;
        this.dirty |= M0_BIT;
        break;
      }
      case ENAM1: {
        const enabled = (value & ENABLE_BIT) != 0;
        if (enabled == this.enam1) break;
        this.updateFrame(drawTo);
        this.enam1 = enabled;
        this.dirty |= M1_BIT;
        break;
      }
      case ENABL: {
        const enabled = (value & ENABLE_BIT) != 0;
        if (enabled == this.enabl) break;
        this.updateFrame(drawTo);
        this.enabl = enabled;
        this.dirty |= BL_BIT;
        break;
      }
      case HMP0: this.hmp0 = <i32>(value >> 4); break;
      case HMP1: this.hmp1 = <i32>(value >> 4); break;
      case HMM0: this.writeHmm0(clock, value); break;
      case HMM1: this.hmm1 = <i32>(value >> 4); break;
      case HMBL: this.hmbl = <i32>(value >> 4); break;
      case VDELP0: {
        const delayed = (value & 1) != 0;
        if (delayed == this.vdelp0) break;
        this.updateFrame(drawTo);
        this.vdelp0 = delayed;
        this.updateCurrentGraphics();
        break;
      }
      case VDELP1: {
        const delayed = (value & 1) != 0;
        if (delayed == this.vdelp1) break;
        this.updateFrame(drawTo);
        this.vdelp1 = delayed;
        this.updateCurrentGraphics();
        break;
      }
      case VDELBL: {
        const delayed = (value & 1) != 0;
        if (delayed == this.vdelbl) break;
        this.updateFrame(drawTo);
        this.vdelbl = delayed;
        this.dirty |= BL_BIT;
        break;
      }
      case RESMP0: this.updateFrame(drawTo); this.writeResmp0(value); break;
      case RESMP1: this.updateFrame(drawTo); this.writeResmp1(value); break;
      case HMOVE: this.updateFrame(drawTo); this.applyHmove(clock); break;
      case HMCLR: this.clearMotion(); break;
      case CXCLR: {
        this.updateFrame(drawTo);
        this.collision = 0;
        // deriveOverlaps() skips latched pairs, so derive them again.
        this.derivedValid = false;
        break;
      }
      default: break; // RSYNC, audio and unused addresses
    }
  }

  /**
   * Draws the frame up to the last access that skipped drawing. Call before
   * reading the frame buffer in the middle of a frame.
   */
  drawPending(): void {
    this.updateFrame(this.pendingClock);
  }

  // VSYNC: the frame ends when VSYNC goes off at least one line after it
  // went on.
  private writeVsync(clock: i32, value: u32): void {
    this.vsync = value;
    if (value & VSYNC_ON) {
      this.vsyncEnd = clock + CLOCKS_PER_LINE;
    } else if (clock >= this.vsyncEnd) {
      this.vsyncEnd = NO_VSYNC_END;
      this.frameDone = true;
    }
  }

  private writeVblank(value: u32): void {
    const wasDumping = (this.vblank & VBLANK_DUMP) != 0;
    const dumping = (value & VBLANK_DUMP) != 0;
    if (!wasDumping && dumping) this.dumpEnabled = true;
    if (wasDumping && !dumping) {
      this.dumpEnabled = false;
      this.dumpReleasedCycle = this.bus.cycles;
    }
    this.vblank = value;
  }

  // WSYNC halts the CPU until the start of the next line.
  private waitForLineEnd(): void {
    const cycles = <u32>(this.bus.cycles - this.cycleBase);
    const lineCycles = (cycles + <u32>(-this.frameStart / 3)) % <u32>CYCLES_PER_LINE;
    const remaining = <u32>CYCLES_PER_LINE - lineCycles;
    if (remaining < <u32>CYCLES_PER_LINE) this.bus.cycles += remaining;
  }

  private writeNusiz0(value: u32): void {
    this.nusiz0 = value;
    this.skipFirstP0 = false;
    this.m0Shape = M0_NORMAL;
    this.dirty |= P0_BIT | M0_BIT;
  }

  private writeNusiz1(value: u32): void {
    this.nusiz1 = value;
    this.skipFirstP1 = false;
    this.dirty |= P1_BIT | M1_BIT;
  }

  @inline
  private writeColor(index: i32, value: u32, drawTo: i32): void {
    const color = this.colorOf(value);
    if (color == unchecked(this.colors[index])) return;
    this.updateFrame(drawTo);
    unchecked((this.colors[index] = color));
  }

  // The colour register value a COLUxx write stores (PAL colour loss sets
  // bit 0 after an odd frame).
  @inline
  private colorOf(value: u32): u8 {
    let color = value & 0xfe;
    if (this.colorLoss && (this.scanlineCountForLastFrame & 1)) color |= 1;
    return <u8>color;
  }

  private writeCtrlpf(clock: i32, value: u32): void {
    // Bits 4-5 give the ball's width.
    if ((value ^ this.ctrlpf) & 0x30) this.dirty |= BL_BIT;
    this.ctrlpf = value;
    const mode = <i32>((value & 0b110) << 5);
    if (mode != this.priorityAndScore) this.derivedValid = false;
    this.priorityAndScore = mode;
    const reflected = (value & 1) != 0;
    const x = (clock - this.frameStart) % CLOCKS_PER_LINE;
    if (x < REFLECT_IMMEDIATE_LIMIT && reflected != this.reflectedPlayfield) {
      this.reflectedPlayfield = reflected;
      this.dirty |= PF_BIT;
    }
  }

  private writeRefp0(value: u32): void {
    const reflect = (value & REFLECT_BIT) != 0;
    if (reflect == this.refp0) return;
    this.refp0 = reflect;
    this.currentGrp0 = <u32>unchecked(REVERSE_BYTE[this.currentGrp0]);
    this.dirty |= P0_BIT;
  }

  private writeRefp1(value: u32): void {
    const reflect = (value & REFLECT_BIT) != 0;
    if (reflect == this.refp1) return;
    this.refp1 = reflect;
    this.currentGrp1 = <u32>unchecked(REVERSE_BYTE[this.currentGrp1]);
    this.dirty |= P1_BIT;
  }

  @inline
  private writePlayfield(playfield: u32, drawTo: i32): void {
    if (playfield == this.playfield) return;
    this.updateFrame(drawTo);
    this.playfield = playfield;
    this.dirty |= PF_BIT;
  }

  // Position a reset gives. Clock 68 of the line is pixel 0, and players
  // start 5 pixels after the write, missiles and the ball 4 pixels. A write
  // in HBLANK puts them at 3 and 2.
  @inline
  private lineClock(clock: i32): i32 {
    return (clock - this.frameStart) % CLOCKS_PER_LINE;
  }

  private resetPlayer0(clock: i32): void {
    const x = this.lineClock(clock);
    const newX = x < HBLANK_CLOCKS ? 3 : (x - HBLANK_CLOCKS + 5) % SCREEN_WIDTH;
    const when = resetPhase(<i32>(this.nusiz0 & 7), this.posP0, newX);
    if (when > 0) this.updateFrame(clock + RESP_DISPLAY_DELAY);
    this.posP0 = newX;
    this.skipFirstP0 = when >= 0;
    this.dirty |= P0_BIT;
  }

  private resetPlayer1(clock: i32): void {
    const x = this.lineClock(clock);
    const newX = x < HBLANK_CLOCKS ? 3 : (x - HBLANK_CLOCKS + 5) % SCREEN_WIDTH;
    const when = resetPhase(<i32>(this.nusiz1 & 7), this.posP1, newX);
    if (when > 0) this.updateFrame(clock + RESP_DISPLAY_DELAY);
    this.posP1 = newX;
    this.skipFirstP1 = when >= 0;
    this.dirty |= P1_BIT;
  }

  // The special cases below are Stella's fixes for single games (Dolphin,
  // Pitfall II, Escape from the Mindmaster, Decathlon, Robot Tank, Hole
  // Hunter): a reset a few cycles after HMOVE lands on a measured pixel.
  private resetMissile0(clock: i32): void {
    const x = this.lineClock(clock);
    this.posM0 = x < HBLANK_CLOCKS ? 2 : (x - HBLANK_CLOCKS + 4) % SCREEN_WIDTH;
    if (clock - this.lastHmoveClock == 20 * 3 && x == 69) this.posM0 = 8;
    this.m0Shape = M0_NORMAL;
    this.dirty |= M0_BIT;
  }

  private resetMissile1(clock: i32): void {
    const x = this.lineClock(clock);
    this.posM1 = x < HBLANK_CLOCKS ? 2 : (x - HBLANK_CLOCKS + 4) % SCREEN_WIDTH;
    if (clock - this.lastHmoveClock == 3 * 3 && x == 18) this.posM1 = 3;
    this.dirty |= M1_BIT;
  }

  private resetBall(clock: i32): void {
    const x = this.lineClock(clock);
    this.posBL = x < HBLANK_CLOCKS ? 2 : (x - HBLANK_CLOCKS + 4) % SCREEN_WIDTH;
    const sinceHmove = clock - this.lastHmoveClock;
    if (sinceHmove == 18 * 3 && (x == 60 || x == 69)) {
      this.posBL = 10;
    } else if (sinceHmove == 3 * 3 && x == 18) {
      this.posBL = 3;
    } else if (sinceHmove == 7 * 3 && x == 30) {
      this.posBL = 6;
    } else if (sinceHmove == 6 * 3 && x == 27) {
      this.posBL = 5;
    }
    this.dirty |= BL_BIT;
  }

  // Writing GRP0 copies GRP1 into its "old" register and vice versa; VDELPx
  // selects which of the two a player draws.
  private writeGrp0(value: u32): void {
    this.grp0 = value;
    this.oldGrp1 = this.grp1;
    this.updateCurrentGraphics();
  }

  private writeGrp1(value: u32): void {
    this.grp1 = value;
    this.oldGrp0 = this.grp0;
    this.oldEnabl = this.enabl;
    this.updateCurrentGraphics();
    // The ball draws the old ENABL only under VDELBL.
    if (this.vdelbl) this.dirty |= BL_BIT;
  }

  private updateCurrentGraphics(): void {
    const grp0 = this.vdelp0 ? this.oldGrp0 : this.grp0;
    const grp1 = this.vdelp1 ? this.oldGrp1 : this.grp1;
    const current0 = this.refp0 ? <u32>unchecked(REVERSE_BYTE[grp0]) : grp0;
    const current1 = this.refp1 ? <u32>unchecked(REVERSE_BYTE[grp1]) : grp1;
    if (current0 != this.currentGrp0) this.dirty |= P0_BIT;
    if (current1 != this.currentGrp1) this.dirty |= P1_BIT;
    this.currentGrp0 = current0;
    this.currentGrp1 = current1;
  }

  // "Cosmic Ark" quirk: HMM0 changed from 7 to 6 exactly 21 cycles after
  // HMOVE makes missile 0 move every line (the game's star field).
  private writeHmm0(clock: i32, value: u32): void {
    const motion = <i32>(value >> 4);
    if (clock == this.lastHmoveClock + 21 * 3 && this.hmm0 == 7 && motion == 6) {
      this.cosmicArk = true;
      this.cosmicArkCounter = 0;
    }
    this.hmm0 = motion;
  }

  // Clearing RESMPx drops the missile at the centre of its player.
  private writeResmp0(value: u32): void {
    const lock = (value & ENABLE_BIT) != 0;
    if (this.resmp0 && !lock) {
      this.posM0 = (this.posP0 + playerCentre(this.nusiz0)) % SCREEN_WIDTH;
      this.m0Shape = M0_NORMAL;
    }
    this.resmp0 = lock;
    this.dirty |= M0_BIT;
  }

  private writeResmp1(value: u32): void {
    const lock = (value & ENABLE_BIT) != 0;
    if (this.resmp1 && !lock) {
      this.posM1 = (this.posP1 + playerCentre(this.nusiz1)) % SCREEN_WIDTH;
    }
    this.resmp1 = lock;
    this.dirty |= M1_BIT;
  }

  @inline
  private applyHmove(clock: i32): void {
    const cycle = this.lineClock(clock) / 3;
    if (this.allowHmoveBlanks && unchecked(HMOVE_BLANK_CYCLES[cycle])) {
      this.hmoveBlank = true;
    }
    const row = cycle * 16;
    const p0 = wrapPosition(this.posP0 + <i32>unchecked(MOTION_TABLE[row + this.hmp0]));
    const p1 = wrapPosition(this.posP1 + <i32>unchecked(MOTION_TABLE[row + this.hmp1]));
    const m0 = wrapPosition(this.posM0 + <i32>unchecked(MOTION_TABLE[row + this.hmm0]));
    const m1 = wrapPosition(this.posM1 + <i32>unchecked(MOTION_TABLE[row + this.hmm1]));
    const ball = wrapPosition(this.posBL + <i32>unchecked(MOTION_TABLE[row + this.hmbl]));
    // Only objects that move or lose a RESPx or Cosmic Ark effect need a
    // new mask.
    let dirty = 0;
    if (p0 != this.posP0 || this.skipFirstP0) dirty |= P0_BIT;
    if (p1 != this.posP1 || this.skipFirstP1) dirty |= P1_BIT;
    if (m0 != this.posM0 || this.m0Shape != M0_NORMAL) dirty |= M0_BIT;
    if (m1 != this.posM1) dirty |= M1_BIT;
    if (ball != this.posBL) dirty |= BL_BIT;
    this.posP0 = p0;
    this.posP1 = p1;
    this.posM0 = m0;
    this.posM1 = m1;
    this.posBL = ball;
    this.skipFirstP0 = false;
    this.skipFirstP1 = false;
    this.m0Shape = M0_NORMAL;
    this.lastHmoveClock = clock;
    this.cosmicArk = false;
    this.dirty |= dirty;
  }

  private clearMotion(): void {
    this.hmp0 = 0;
    this.hmp1 = 0;
    this.hmm0 = 0;
    this.hmm1 = 0;
    this.hmbl = 0;
  }

  // Draws the frame up to `clock`, one line segment at a time:
  //   1. split at the end of the current line,
  //   2. skip the HBLANK clocks,
  //   3. draw the visible pixels of the segment,
  //   4. blank pixels 0-7 while an HMOVE blank is pending,
  //   5. at the line end, apply what Stella applies per line.
  // Only lines of the display window are drawn, and only there are
  // collisions latched.
  @inline
  updateFrame(clock: i32): void {
    if (clock < this.startDisplay || this.lastUpdate >= this.stopDisplay || this.lastUpdate >= clock) {
      return;
    }
    this.drawUntil(min(clock, this.stopDisplay));
  }

  private drawUntil(clock: i32): void {
    do {
      let count: i32;
      let fromLineStart = CLOCKS_PER_LINE - this.clocksToEndOfLine;
      if (clock > this.lastUpdate + this.clocksToEndOfLine) {
        count = this.clocksToEndOfLine;
        this.clocksToEndOfLine = CLOCKS_PER_LINE;
        this.lastUpdate += count;
      } else {
        count = clock - this.lastUpdate;
        this.clocksToEndOfLine -= count;
        this.lastUpdate = clock;
      }
      if (fromLineStart < HBLANK_CLOCKS) {
        const skipped = min(HBLANK_CLOCKS - fromLineStart, count);
        fromLineStart += skipped;
        count -= skipped;
      }
      const segmentStart = this.framePointer;
      if (count != 0) this.drawSegment(fromLineStart - HBLANK_CLOCKS, count);
      if (this.hmoveBlank && fromLineStart < HMOVE_BLANK_END) {
        this.fillPixels(segmentStart, 0, HMOVE_BLANK_END - fromLineStart);
        if (count + fromLineStart >= HMOVE_BLANK_END) this.hmoveBlank = false;
      }
      if (this.clocksToEndOfLine == CLOCKS_PER_LINE) this.endLine();
    } while (this.lastUpdate < clock);
  }

  private endLine(): void {
    const reflected = (this.ctrlpf & 1) != 0;
    if (reflected != this.reflectedPlayfield) {
      this.reflectedPlayfield = reflected;
      this.dirty |= PF_BIT;
    }
    if (this.skipFirstP0) this.dirty |= P0_BIT;
    if (this.skipFirstP1) this.dirty |= P1_BIT;
    this.skipFirstP0 = false;
    this.skipFirstP1 = false;
    if (this.cosmicArk) this.stepCosmicArk();
  }

  private stepCosmicArk(): void {
    this.cosmicArkCounter = (this.cosmicArkCounter + 1) & 3;
    this.posM0 -= unchecked(COSMIC_ARK_STEP[this.cosmicArkCounter]);
    this.posM0 = wrapPosition(this.posM0);
    if (this.cosmicArkCounter == 1) this.m0Shape = M0_STRETCHED;
    else if (this.cosmicArkCounter == 2) this.m0Shape = M0_HIDDEN;
    else this.m0Shape = M0_NORMAL;
    this.dirty |= M0_BIT;
  }

  // Fills `count` frame buffer bytes from `offset`, clipped to the buffer.
  private fillPixels(offset: i32, color: u8, count: i32): void {
    const end = min(offset + count, this.bufferLength);
    if (end <= offset) return;
    fillBytes(this.frontPointer + <usize>offset, color, end - offset);
  }

  // Draws pixels x .. x + count - 1 of the current line.
  @inline
  private drawSegment(x: i32, count: i32): void {
    const offset = this.framePointer;
    this.framePointer = offset + count;
    if (offset + count > this.bufferLength) return;
    const out = this.frontPointer + <usize>offset;
    if (this.vblank & VBLANK_ON) {
      fillBytes(out, 0, count);
      return;
    }
    if (this.dirty) this.rebuildMasks();
    if (this.present == 0) {
      fillBytes(out, unchecked(this.colors[0]), count);
      return;
    }
    this.drawRuns(x, x + count, out);
  }

  // Draws pixels [x0, x1) of the line from the derived line state:
  //   1. latch the collision pairs whose overlap falls inside the span,
  //   2. fill each run of equal colour index between colour-plane edges.
  @inline
  private drawRuns(x0: i32, x1: i32, out: usize): void {
    if (!this.derivedValid) this.deriveLineState();
    const firstWord = x0 >> 6;
    const lastWord = (x1 - 1) >> 6;
    let pending = this.overlapPairs & ~this.collision;
    if (pending != 0) this.latchOverlaps(pending, x0, x1, firstWord, lastWord);

    const derived = this.derived;
    if (this.countEdges(x0, x1, firstWord, lastWord) > MAX_RUNS_PER_SEGMENT) {
      this.fillGroups(x0, x1, out - <usize>x0);
      return;
    }
    let start = x0;
    for (let word = firstWord; word <= lastWord; word++) {
      const base = word * 64;
      let bits = unchecked(derived[DERIVED_EDGES + word]) & rangeBits(x0 + 1 - base, x1 - base);
      while (bits != 0) {
        const edge = base + <i32>ctz(bits);
        bits &= bits - 1;
        this.fillRun(start, edge, out + <usize>(start - x0));
        start = edge;
      }
    }
    this.fillRun(start, x1, out + <usize>(start - x0));
  }

  @inline
  private countEdges(x0: i32, x1: i32, firstWord: i32, lastWord: i32): i32 {
    const derived = this.derived;
    let count = 0;
    for (let word = firstWord; word <= lastWord; word++) {
      const base = word * 64;
      const edges = unchecked(derived[DERIVED_EDGES + word]) & rangeBits(x0 + 1 - base, x1 - base);
      count += <i32>popcnt(edges);
    }
    return count;
  }

  // Fills pixels [x0, x1) sixteen at a time with SIMD, for segments with
  // many short runs. `row` is the address of pixel 0 of the line. Pixels
  // of a group outside the span keep their bytes.
  private fillGroups(x0: i32, x1: i32, row: usize): void {
    const derived = this.derived;
    const colors = this.colors;
    const background = i8x16.splat(<i8>unchecked(colors[0]));
    const playfield = i8x16.splat(<i8>unchecked(colors[1]));
    const player0 = i8x16.splat(<i8>unchecked(colors[2]));
    const player1 = i8x16.splat(<i8>unchecked(colors[3]));
    const lastGroup = (x1 - 1) >> 4;
    for (let group = x0 >> 4; group <= lastGroup; group++) {
      const word = group >> 2;
      const shift = <u64>((group & 3) << 4);
      const low = spreadBits16(<u32>(unchecked(derived[DERIVED_LOW + word]) >> shift));
      const high = spreadBits16(<u32>(unchecked(derived[DERIVED_HIGH + word]) >> shift));
      const pixels = v128.bitselect(
        v128.bitselect(player1, player0, low),
        v128.bitselect(playfield, background, low),
        high,
      );
      const start = group << 4;
      const address = row + <usize>start;
      const first = max(x0 - start, 0);
      const end = min(x1 - start, 16);
      if (first == 0 && end == 16) {
        v128.store(address, pixels);
      } else {
        const keep = spreadBits16(((<u32>1 << <u32>end) - 1) & ~((<u32>1 << <u32>first) - 1));
        v128.store(address, v128.bitselect(pixels, v128.load(address), keep));
      }
    }
  }

  // Fills pixels [x0, x1) with the colour of pixel x0.
  @inline
  private fillRun(x0: i32, x1: i32, out: usize): void {
    const derived = this.derived;
    const word = x0 >> 6;
    const shift = <u64>(x0 & 63);
    const low = unchecked(derived[DERIVED_LOW + word]);
    const high = unchecked(derived[DERIVED_HIGH + word]);
    const index = <i32>((low >> shift) & 1) | (<i32>((high >> shift) & 1) << 1);
    fillBytes(out, unchecked(this.colors[index]), x1 - x0);
  }

  private latchOverlaps(pending: u32, x0: i32, x1: i32, firstWord: i32, lastWord: i32): void {
    const overlaps = this.overlaps;
    while (pending != 0) {
      const pair = <i32>ctz(pending);
      pending &= pending - 1;
      for (let word = firstWord; word <= lastWord; word++) {
        const base = word * 64;
        if (unchecked(overlaps[pair * 3 + word]) & rangeBits(x0 - base, x1 - base)) {
          this.collision |= 1 << pair;
          break;
        }
      }
    }
  }

  // Recomputes, after a mask or CTRLPF change, what every segment of the
  // line needs: the colour planes and their edges per word, and where each
  // collision pair overlaps.
  @inline
  private deriveLineState(): void {
    const derived = this.derived;
    let carryLow: u64 = 0;
    let carryHigh: u64 = 0;
    for (let word = 0; word < 3; word++) {
      this.computeColorPlanes(word);
      const low = this.planeLow;
      const high = this.planeHigh;
      unchecked((derived[DERIVED_LOW + word] = low));
      unchecked((derived[DERIVED_HIGH + word] = high));
      const edges = (low ^ ((low << 1) | carryLow)) | (high ^ ((high << 1) | carryHigh));
      unchecked((derived[DERIVED_EDGES + word] = edges));
      carryLow = low >> 63;
      carryHigh = high >> 63;
    }
    this.deriveOverlaps();
    this.derivedValid = true;
  }

  @inline
  private deriveOverlaps(): void {
    const masks = this.masks;
    const overlaps = this.overlaps;
    let overlapping: u32 = 0;
    // Pairs already latched cannot change until CXCLR, which derives again.
    let pairs = <u32>unchecked(CANDIDATE_PAIRS[this.present]) & ~this.collision;
    while (pairs != 0) {
      const pair = <i32>ctz(pairs);
      pairs &= pairs - 1;
      const a = <i32>unchecked(COLLISION_SLOT_A[pair]) * 3;
      const b = <i32>unchecked(COLLISION_SLOT_B[pair]) * 3;
      let any: u64 = 0;
      for (let word = 0; word < 3; word++) {
        const overlap = unchecked(masks[a + word]) & unchecked(masks[b + word]);
        unchecked((overlaps[pair * 3 + word] = overlap));
        any |= overlap;
      }
      if (any != 0) overlapping |= 1 << pair;
    }
    this.overlapPairs = overlapping;
  }

  /**
   * Returns the colour register index (COLOR_*) the current masks give
   * pixel x. Drawing does not use it; tests compare it with the priority
   * encoder table.
   */
  colorIndexAt(x: i32): i32 {
    this.computeColorPlanes(x >> 6);
    const shift = <u64>(x & 63);
    return <i32>((this.planeLow >> shift) & 1) | (<i32>((this.planeHigh >> shift) & 1) << 1);
  }

  /**
   * Returns the collision latch bits pixel x would set with the current
   * masks, leaving the latches unchanged. Tests compare it with the
   * collision table.
   */
  collisionsAt(x: i32): u32 {
    const saved = this.collision;
    const savedPresent = this.present;
    let present = 0;
    for (let slot = 0; slot < OBJECT_COUNT; slot++) {
      const masks = this.masks;
      if (masks[slot * 3] | masks[slot * 3 + 1] | masks[slot * 3 + 2]) present |= 1 << slot;
    }
    this.present = present;
    this.collision = 0;
    this.deriveOverlaps();
    this.latchOverlaps(this.overlapPairs, x, x + 1, x >> 6, x >> 6);
    const latches = this.collision;
    this.collision = saved;
    this.present = savedPresent;
    this.derivedValid = false;
    return latches;
  }

  // Colour register index planes of one 64-pixel word, in planeLow (bit 0)
  // and planeHigh (bit 1): 0 background, 1 playfield, 2 player 0, 3 player 1.
  @inline
  private computeColorPlanes(word: i32): void {
    const masks = this.masks;
    const p0 = unchecked(masks[SLOT_P0 * 3 + word]) | unchecked(masks[SLOT_M0 * 3 + word]);
    const p1 = unchecked(masks[SLOT_P1 * 3 + word]) | unchecked(masks[SLOT_M1 * 3 + word]);
    const ball = unchecked(masks[SLOT_BL * 3 + word]);
    const playfield = unchecked(masks[SLOT_PF * 3 + word]);
    let isP0: u64;
    let isP1: u64;
    let isPF: u64;
    const mode = this.priorityAndScore;
    if (mode & PRIORITY_BIT) {
      isPF = playfield | ball;
      isP0 = ~isPF & p0;
      isP1 = ~isPF & ~p0 & p1;
    } else if (mode & SCORE_BIT) {
      const left = unchecked(LEFT_HALF[word]);
      isP0 = p0 | (playfield & left);
      isP1 = ~isP0 & (p1 | (playfield & ~left));
      isPF = ~isP0 & ~isP1 & ball;
    } else {
      isP0 = p0;
      isP1 = ~p0 & p1;
      isPF = ~p0 & ~p1 & (ball | playfield);
    }
    this.planeLow = isPF | isP1;
    this.planeHigh = isP0 | isP1;
  }

  private planeLow: u64 = 0;
  private planeHigh: u64 = 0;

  // Line state derived from the masks (see deriveLineState), valid until a
  // mask or CTRLPF changes: colour planes and edges per word, and the
  // overlap masks of the collision pairs in overlapPairs.
  private derived: StaticArray<u64> = new StaticArray<u64>(9);
  private overlaps: StaticArray<u64> = new StaticArray<u64>(15 * 3);
  private overlapPairs: u32 = 0;
  private derivedValid: bool = false;

  @inline
  private rebuildMasks(): void {
    const dirty = this.dirty;
    this.dirty = 0;
    if (dirty & P0_BIT) {
      this.buildPlayerMask(SLOT_P0, this.currentGrp0, this.nusiz0, this.posP0, this.skipFirstP0);
    }
    if (dirty & P1_BIT) {
      this.buildPlayerMask(SLOT_P1, this.currentGrp1, this.nusiz1, this.posP1, this.skipFirstP1);
    }
    if (dirty & M0_BIT) this.buildMissile0Mask();
    if (dirty & M1_BIT) {
      const visible = this.enam1 && !this.resmp1;
      this.buildMissileMask(SLOT_M1, visible, this.nusiz1, this.posM1, <i32>((this.nusiz1 >> 4) & 3));
    }
    if (dirty & BL_BIT) this.buildBallMask();
    if (dirty & PF_BIT) this.buildPlayfieldMask();
  }

  @inline
  private buildMissile0Mask(): void {
    const visible = this.enam0 && !this.resmp0 && this.m0Shape != M0_HIDDEN;
    let size = <i32>((this.nusiz0 >> 4) & 3);
    if (this.m0Shape == M0_STRETCHED) size |= 1;
    this.buildMissileMask(SLOT_M0, visible, this.nusiz0, this.posM0, size);
  }

  @inline
  private buildBallMask(): void {
    const enabled = this.vdelbl ? this.oldEnabl : this.enabl;
    this.clearRing();
    if (enabled) {
      const width = 1 << ((this.ctrlpf >> 4) & 3);
      this.placeInRing((<u64>1 << <u64>width) - 1, this.posBL);
    }
    this.storeRing(SLOT_BL);
  }

  // A player copy is GRP drawn most significant bit first; double and quad
  // players start one pixel late.
  @inline
  private buildPlayerMask(slot: i32, graphics: u32, nusiz: u32, position: i32, skipFirst: bool): void {
    this.clearRing();
    if (graphics != 0) {
      const mode = <i32>(nusiz & 7);
      const pixels = <u64>unchecked(REVERSE_BYTE[graphics]);
      let pattern = pixels;
      if (mode == 5) pattern = <u64>unchecked(WIDEN2[<i32>pixels]) << 1;
      else if (mode == 7) pattern = <u64>unchecked(WIDEN4[<i32>pixels]) << 1;
      for (let copy = skipFirst ? 1 : 0; copy < 3; copy++) {
        const offset = unchecked(COPY_OFFSETS[mode * 3 + copy]);
        if (offset < 0) break;
        this.placeInRing(pattern, (position + offset) % SCREEN_WIDTH);
      }
    }
    this.storeRing(slot);
  }

  @inline
  private buildMissileMask(slot: i32, visible: bool, nusiz: u32, position: i32, size: i32): void {
    this.clearRing();
    if (visible) {
      const mode = <i32>(nusiz & 7);
      const pattern = (<u64>1 << <u64>(1 << size)) - 1;
      for (let copy = 0; copy < 3; copy++) {
        const offset = unchecked(COPY_OFFSETS[mode * 3 + copy]);
        if (offset < 0) break;
        this.placeInRing(pattern, (position + offset) % SCREEN_WIDTH);
      }
    }
    this.storeRing(slot);
  }

  // The playfield's 20 bits in screen order for the left half: PF0 bits
  // 4-7, PF1 bits 7-0, PF2 bits 0-7. The right half repeats them, or mirrors
  // them when reflected. Each bit covers 4 pixels.
  private buildPlayfieldMask(): void {
    const pf = this.playfield;
    const left: u64 = <u64>((pf & 0x0000f) | (<u32>unchecked(REVERSE_BYTE[(pf >> 4) & 0xff]) << 4) | (pf & 0xff000));
    const right: u64 = this.reflectedPlayfield ? reverse20(left) : left;
    const blocks: u64 = left | (right << 20);
    this.storeMask(
      SLOT_PF,
      widen4(blocks) | (widen4(blocks >> 8) << 32),
      widen4(blocks >> 16) | (widen4(blocks >> 24) << 32),
      widen4(blocks >> 32),
    );
  }

  @inline
  private clearRing(): void {
    this.ring0 = 0;
    this.ring1 = 0;
    this.ring2 = 0;
    this.ring3 = 0;
  }

  // ORs `pattern` (at most 33 pixels wide) into the ring at pixel `position`.
  @inline
  private placeInRing(pattern: u64, position: i32): void {
    const word = position >> 6;
    const shift = <u64>(position & 63);
    const low = pattern << shift;
    const high = shift != 0 ? pattern >> (64 - shift) : 0;
    if (word == 0) {
      this.ring0 |= low;
      this.ring1 |= high;
    } else if (word == 1) {
      this.ring1 |= low;
      this.ring2 |= high;
    } else {
      this.ring2 |= low;
      this.ring3 |= high;
    }
  }

  // Stores the ring, folding pixels 160 and beyond back to the left edge.
  @inline
  private storeRing(slot: i32): void {
    const wrapped = (this.ring2 >> 32) | (this.ring3 << 32);
    this.storeMask(slot, this.ring0 | wrapped, this.ring1, this.ring2 & RING_LOW_32);
  }

  // Stores one object's mask; the derived line state is only dropped when
  // the mask really changed (games often rewrite a register unchanged).
  @inline
  private storeMask(slot: i32, word0: u64, word1: u64, word2: u64): void {
    const masks = this.masks;
    const base = slot * 3;
    const changed =
      (unchecked(masks[base]) ^ word0) | (unchecked(masks[base + 1]) ^ word1) |
      (unchecked(masks[base + 2]) ^ word2);
    if (changed == 0) return;
    unchecked((masks[base] = word0));
    unchecked((masks[base + 1] = word1));
    unchecked((masks[base + 2] = word2));
    this.markPresent(slot, (word0 | word1 | word2) != 0);
    this.derivedValid = false;
  }

  @inline
  private markPresent(slot: i32, present: bool): void {
    if (present) this.present |= 1 << slot;
    else this.present &= ~(1 << slot);
  }

  /** Bytes saveState() writes: the fields, then both frame buffers. */
  get stateSize(): i32 {
    if (this.fieldsSize == 0) {
      const cursor = new StateCursor(0, STATE_MEASURE);
      this.transferState(cursor);
      this.fieldsSize = <i32>cursor.pointer - 2 * unchecked(this.buffers[0]).length;
    }
    return this.fieldsSize + 2 * unchecked(this.buffers[0]).length;
  }

  private fieldsSize: i32 = 0;

  /** Writes the whole TIA state to `stateSize` bytes at `pointer`. */
  saveState(pointer: usize): void {
    this.drawPending();
    this.transferState(new StateCursor(pointer, STATE_SAVE));
  }

  /**
   * Reads a state written by saveState() of a TIA with the same display
   * window.
   */
  loadState(pointer: usize): void {
    this.transferState(new StateCursor(pointer, STATE_LOAD));
    this.pendingClock = this.lastUpdate;
    this.dirty = 0b11_1111;
    this.derivedValid = false;
  }

  /** Copies the whole state of `other`, which must share the display window. */
  copyFrom(other: Tia): void {
    const size = other.stateSize;
    if (this.scratch.length < size) this.scratch = new StaticArray<u8>(size);
    const pointer = changetype<usize>(this.scratch);
    other.saveState(pointer);
    this.setDisplayWindow(other.yStart, other.displayHeight);
    this.loadState(pointer);
  }

  private scratch: StaticArray<u8> = new StaticArray<u8>(0);

  // One list of fields for both directions, so save and load cannot drift.
  private transferState(c: StateCursor): void {
    this.frameDone = c.flag(this.frameDone);
    this.scanlines = c.int(this.scanlines);
    this.scanlineCountForLastFrame = c.int(this.scanlineCountForLastFrame);
    this.pal = c.flag(this.pal);
    this.colorLoss = c.flag(this.colorLoss);
    this.maxScanlines = c.int(this.maxScanlines);
    this.allowHmoveBlanks = c.flag(this.allowHmoveBlanks);
    this.selectFront(c.int(this.front));
    this.framePointer = c.int(this.framePointer);
    this.partialGreyed = c.flag(this.partialGreyed);
    this.midFrame = c.flag(this.midFrame);
    this.cycleBase = c.wide(this.cycleBase);
    this.frameStart = c.int(this.frameStart);
    this.startDisplay = c.int(this.startDisplay);
    this.stopDisplay = c.int(this.stopDisplay);
    this.lastUpdate = c.int(this.lastUpdate);
    this.clocksToEndOfLine = c.int(this.clocksToEndOfLine);
    this.vsyncEnd = c.int(this.vsyncEnd);
    this.lastHmoveClock = c.int(this.lastHmoveClock);
    this.lastTiaWriteCycle = c.wide(this.lastTiaWriteCycle);
    this.dumpEnabled = c.flag(this.dumpEnabled);
    this.dumpReleasedCycle = c.wide(this.dumpReleasedCycle);
    this.transferRegisters(c);
    this.transferObjects(c);
    for (let b = 0; b < 2; b++) {
      const buffer = unchecked(this.buffers[b]);
      c.bytes(changetype<usize>(buffer), buffer.length);
    }
  }

  private transferRegisters(c: StateCursor): void {
    this.vsync = c.word(this.vsync);
    this.vblank = c.word(this.vblank);
    this.nusiz0 = c.word(this.nusiz0);
    this.nusiz1 = c.word(this.nusiz1);
    this.ctrlpf = c.word(this.ctrlpf);
    this.priorityAndScore = c.int(this.priorityAndScore);
    this.refp0 = c.flag(this.refp0);
    this.refp1 = c.flag(this.refp1);
    this.playfield = c.word(this.playfield);
    this.grp0 = c.word(this.grp0);
    this.grp1 = c.word(this.grp1);
    this.oldGrp0 = c.word(this.oldGrp0);
    this.oldGrp1 = c.word(this.oldGrp1);
    this.currentGrp0 = c.word(this.currentGrp0);
    this.currentGrp1 = c.word(this.currentGrp1);
    this.enam0 = c.flag(this.enam0);
    this.enam1 = c.flag(this.enam1);
    this.enabl = c.flag(this.enabl);
    this.oldEnabl = c.flag(this.oldEnabl);
    this.hmp0 = c.int(this.hmp0);
    this.hmp1 = c.int(this.hmp1);
    this.hmm0 = c.int(this.hmm0);
    this.hmm1 = c.int(this.hmm1);
    this.hmbl = c.int(this.hmbl);
    this.vdelp0 = c.flag(this.vdelp0);
    this.vdelp1 = c.flag(this.vdelp1);
    this.vdelbl = c.flag(this.vdelbl);
    this.resmp0 = c.flag(this.resmp0);
    this.resmp1 = c.flag(this.resmp1);
    this.collision = c.word(this.collision);
    c.bytes(changetype<usize>(this.colors), 4);
  }

  private transferObjects(c: StateCursor): void {
    this.posP0 = c.int(this.posP0);
    this.posP1 = c.int(this.posP1);
    this.posM0 = c.int(this.posM0);
    this.posM1 = c.int(this.posM1);
    this.posBL = c.int(this.posBL);
    this.skipFirstP0 = c.flag(this.skipFirstP0);
    this.skipFirstP1 = c.flag(this.skipFirstP1);
    this.reflectedPlayfield = c.flag(this.reflectedPlayfield);
    this.hmoveBlank = c.flag(this.hmoveBlank);
    this.cosmicArk = c.flag(this.cosmicArk);
    this.cosmicArkCounter = c.int(this.cosmicArkCounter);
    this.m0Shape = c.int(this.m0Shape);
  }
}
