// Test entry for the TIA alone: a Bus with no CPU, where each tiaWrite or
// tiaRead is one bus cycle, as the CPU's last access of an instruction
// would be. Built by test/tia only; the emulator's entry is assembly/index.ts.

import { Bus } from "../bus";
import { Controls } from "../controls";
import { Tia } from "./tia";

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
  return tia.frameBufferPointer;
}

export function tiaSave(): void {
  saved.copyFrom(tia);
}

export function tiaRestore(): void {
  tia.copyFrom(saved);
}
