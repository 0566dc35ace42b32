// Loads the TIA test entry (assembly/tia/harness.ts), compiled on first use
// into build/, and wraps it with line/cycle addressed writes.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const wasmPath = join(root, "build", "tia-harness.wasm");
const entry = "assembly/tia/harness.ts";

// Newest modification time of the AssemblyScript sources the harness
// may import.
function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    newest = Math.max(newest, info.isDirectory() ? newestSource(path) : info.mtimeMs);
  }
  return newest;
}

export const CYCLES_PER_LINE = 76;
export const WIDTH = 160;

// Write registers.
export const VSYNC = 0x00, VBLANK = 0x01, WSYNC = 0x02;
export const NUSIZ0 = 0x04, NUSIZ1 = 0x05;
export const COLUP0 = 0x06, COLUP1 = 0x07, COLUPF = 0x08, COLUBK = 0x09;
export const CTRLPF = 0x0a, REFP0 = 0x0b, REFP1 = 0x0c;
export const PF0 = 0x0d, PF1 = 0x0e, PF2 = 0x0f;
export const RESP0 = 0x10, RESP1 = 0x11, RESM0 = 0x12, RESM1 = 0x13, RESBL = 0x14;
export const GRP0 = 0x1b, GRP1 = 0x1c, ENAM0 = 0x1d, ENAM1 = 0x1e, ENABL = 0x1f;
export const HMP0 = 0x20, HMP1 = 0x21, HMM0 = 0x22, HMM1 = 0x23, HMBL = 0x24;
export const VDELP0 = 0x25, VDELP1 = 0x26, VDELBL = 0x27;
export const RESMP0 = 0x28, RESMP1 = 0x29, HMOVE = 0x2a, HMCLR = 0x2b, CXCLR = 0x2c;
// Read registers.
export const CXM0P = 0x0, CXM1P = 0x1, CXP0FB = 0x2, CXP1FB = 0x3;
export const CXM0FB = 0x4, CXM1FB = 0x5, CXBLPF = 0x6, CXPPMM = 0x7;
export const INPT0 = 0x8, INPT4 = 0xc, INPT5 = 0xd;

interface Exports {
  memory: WebAssembly.Memory;
  tiaCreate(yStart: number, height: number, pal: number): void;
  tiaIdle(cycles: number): void;
  tiaCycles(): number;
  tiaWrite(address: number, value: number): void;
  tiaRead(address: number): number;
  tiaSetDataBus(value: number): void;
  tiaSetFire(left: number, right: number): void;
  tiaSetPaddle(index: number, resistance: number): void;
  tiaStartFrame(): void;
  tiaEndFrame(): void;
  tiaFrameDone(): number;
  tiaScanlines(): number;
  tiaFrameCycles(): number;
  tiaLineOrigin(): number;
  tiaHeight(): number;
  tiaFrameBuffer(): number;
  tiaSave(): void;
  tiaRestore(): void;
  tiaBenchKernel(frames: number): number;
  tiaCheckPixelRules(): number;
}

function build(): void {
  const stale =
    !existsSync(wasmPath) || newestSource(join(root, "assembly")) > statSync(wasmPath).mtimeMs;
  if (!stale) return;
  mkdirSync(join(root, "build"), { recursive: true });
  execFileSync(
    join(root, "node_modules", ".bin", "asc"),
    [entry, "-o", wasmPath, "-O3", "--runtime", "incremental", "--noAssert"],
    { cwd: root, stdio: "inherit" },
  );
}

let cached: Exports | undefined;

function load(): Exports {
  if (cached) return cached;
  build();
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort: (_m: number, _f: number, line: number, column: number) => {
        throw new Error(`TIA harness aborted at ${line}:${column}`);
      },
      seed: () => 1,
    },
  });
  cached = instance.exports as unknown as Exports;
  return cached;
}

/** One TIA with a frame-relative clock: line 0 starts at the frame's first cycle. */
export class TiaRig {
  readonly x: Exports;
  frameBase = 0;

  constructor(yStart = 34, height = 210, pal = false) {
    this.x = load();
    this.x.tiaCreate(yStart, height, pal ? 1 : 0);
    this.frameBase = this.x.tiaLineOrigin();
  }

  /** Cycle count (since the frame began) of the next bus access. */
  get now(): number {
    return this.x.tiaCycles() - this.frameBase;
  }

  /** Performs a write whose bus cycle is `cycle` of `line`. */
  writeAt(line: number, cycle: number, register: number, value: number): void {
    const target = line * CYCLES_PER_LINE + cycle;
    const gap = target - 1 - this.now;
    if (gap < 0) throw new Error(`write at ${line}:${cycle} is in the past (now ${this.now})`);
    this.x.tiaIdle(gap);
    this.x.tiaWrite(register, value);
  }

  readAt(line: number, cycle: number, register: number): number {
    const target = line * CYCLES_PER_LINE + cycle;
    this.x.tiaIdle(target - 1 - this.now);
    return this.x.tiaRead(register);
  }

  startFrame(): void {
    this.x.tiaStartFrame();
    this.frameBase = this.x.tiaLineOrigin();
  }

  /** VSYNC on at `line`, off three lines later: the frame is done. */
  finishFrame(line = 262): void {
    this.writeAt(line, 0, VSYNC, 2);
    this.writeAt(line + 3, 0, VSYNC, 0);
    this.x.tiaEndFrame();
  }

  screen(): Uint8Array {
    const height = this.x.tiaHeight();
    return new Uint8Array(this.x.memory.buffer, this.x.tiaFrameBuffer(), height * WIDTH).slice();
  }

  /** Pixels of frame line `line` (display starts at yStart). */
  row(line: number, yStart = 34): Uint8Array {
    const s = this.screen();
    const r = line - yStart;
    return s.subarray(r * WIDTH, (r + 1) * WIDTH);
  }
}

/** Indices of the pixels in `row` equal to `color`. */
export function pixelsOf(row: Uint8Array, color: number): number[] {
  const found: number[] = [];
  row.forEach((p, i) => {
    if (p === color) found.push(i);
  });
  return found;
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
