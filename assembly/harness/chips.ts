// WebAssembly exports for the RIOT and cartridge tests: a console bus with a
// TIA, a RIOT and a cartridge but no CPU, driven access by access from the
// host. Handles index a list that keeps the objects alive.

import { Bus } from "../bus";
import { Controls } from "../controls";
import { Mt19937 } from "../random";
import { RIOT_STATE_SIZE, Riot } from "../riot/riot";
import { Tia } from "../tia/tia";
import { Cartridge } from "../cartridge/cartridge";
import { Cpu, HardwareCpu } from "../cpu/cpu";
import {
  SUPPORTED_SCHEMES,
  createCartridge,
  detectScheme,
  validateRom,
} from "../cartridge/detect";

/** Seed of ALE's emulator random generator (its system_random_seed). */
const ALE_SYSTEM_SEED: u32 = 4753849;

class ChipSet {
  bus: Bus;
  controls: Controls;
  random: Mt19937;
  riot: Riot;
  tia: Tia;
  cartridge: Cartridge;
  cpu: Cpu;
  hardwareCpu: HardwareCpu;
  useHardwareCpu: bool = false;
  state: Uint8Array = new Uint8Array(0);

  constructor(rom: Uint8Array, scheme: string) {
    const bus = new Bus();
    const controls = new Controls();
    const random = new Mt19937(ALE_SYSTEM_SEED);
    this.bus = bus;
    this.controls = controls;
    this.random = random;
    this.riot = new Riot(bus, controls, random);
    this.tia = new Tia(bus, controls);
    this.cartridge = changetype<Cartridge>(
      createCartridge(bus, random, rom, scheme),
    );
    this.cpu = new Cpu(bus);
    this.hardwareCpu = new HardwareCpu(bus);
    bus.attach(this.tia, this.riot, this.cartridge);
    this.tia.reset();
    this.cartridge.reset();
  }
}

const chipSets = new Array<ChipSet>();
let romInput = new Uint8Array(0);

@inline
function chips(handle: i32): ChipSet {
  return unchecked(chipSets[handle]);
}

/** Returns a buffer of `size` bytes for the host to write a ROM image into. */
export function chipTestRomBuffer(size: i32): usize {
  romInput = new Uint8Array(size);
  return romInput.dataStart;
}

/** Returns the scheme ALE would detect for the ROM in the buffer. */
export function chipTestDetect(): string {
  return detectScheme(romInput);
}

/** Returns "" when the ROM in the buffer loads with its detected scheme, else the error. */
export function chipTestLoadError(): string {
  return validateRom(romInput, detectScheme(romInput));
}

export function chipTestSchemeCount(): i32 {
  return SUPPORTED_SCHEMES.length;
}

export function chipTestSchemeName(index: i32): string {
  return SUPPORTED_SCHEMES[index];
}

/** Returns "" when the ROM in the buffer runs with scheme `index`, else the error. */
export function chipTestValidate(index: i32): string {
  return validateRom(romInput, SUPPORTED_SCHEMES[index]);
}

/**
 * Builds chips around the ROM in the buffer with scheme `index` and resets
 * the cartridge; returns the handle, or -1 when validation fails.
 */
export function chipTestCreate(index: i32): i32 {
  const scheme = SUPPORTED_SCHEMES[index];
  if (validateRom(romInput, scheme).length > 0) return -1;
  chipSets.push(new ChipSet(romInput, scheme));
  return chipSets.length - 1;
}

export function chipTestScheme(handle: i32): string {
  return chips(handle).cartridge.scheme;
}

export function chipTestRead(handle: i32, address: u32): u32 {
  return chips(handle).bus.read(address);
}

export function chipTestWrite(handle: i32, address: u32, value: u32): void {
  chips(handle).bus.write(address, value);
}

/** Lets `cycles` CPU cycles pass without a bus access. */
export function chipTestIdle(handle: i32, cycles: i32): void {
  chips(handle).bus.cycles += <u64>cycles;
}

export function chipTestCycles(handle: i32): f64 {
  return <f64>chips(handle).bus.cycles;
}

export function chipTestResetRiot(handle: i32): void {
  chips(handle).riot.reset();
}

export function chipTestResetCartridge(handle: i32): void {
  chips(handle).cartridge.reset();
}

export function chipTestRiotRam(handle: i32): usize {
  return changetype<usize>(chips(handle).riot.ram);
}

export function chipTestRiotTimer(handle: i32): u32 {
  return chips(handle).riot.timer;
}

export function chipTestRiotShift(handle: i32): u32 {
  return chips(handle).riot.shift;
}

export function chipTestSetSwitches(handle: i32, swcha: u32, swchb: u32): void {
  const controls = chips(handle).controls;
  controls.swcha = <u8>swcha;
  controls.swchb = <u8>swchb;
}

/** Draws the next value of the chips' random generator. */
export function chipTestRandom(handle: i32): u32 {
  return chips(handle).random.next();
}

/** Saves the cartridge state; returns its size (read it at chipTestState). */
export function chipTestSaveCartridge(handle: i32): i32 {
  const set = chips(handle);
  const size = set.cartridge.stateSize;
  set.state = new Uint8Array(size);
  set.cartridge.saveState(set.state.dataStart);
  return size;
}

/** Returns the address of the state buffer, for the host to inspect or corrupt. */
export function chipTestState(handle: i32): usize {
  return chips(handle).state.dataStart;
}

export function chipTestLoadCartridge(handle: i32): void {
  const set = chips(handle);
  set.cartridge.loadState(set.state.dataStart);
}

/** Saves the RIOT state into the state buffer; returns its size. */
export function chipTestSaveRiot(handle: i32): i32 {
  const set = chips(handle);
  set.state = new Uint8Array(RIOT_STATE_SIZE);
  set.riot.saveState(set.state.dataStart);
  return RIOT_STATE_SIZE;
}

export function chipTestLoadRiot(handle: i32): void {
  const set = chips(handle);
  set.riot.loadState(set.state.dataStart);
}

/**
 * Selects the ALE-compatible CPU or the one with hardware behaviour and
 * resets it from the reset vector.
 */
export function chipTestCpuReset(handle: i32, aleCompatible: bool): void {
  const set = chips(handle);
  set.useHardwareCpu = !aleCompatible;
  if (aleCompatible) set.cpu.reset();
  else set.hardwareCpu.reset();
}

/** Executes one instruction; returns its cycles. */
export function chipTestCpuStep(handle: i32): i32 {
  const set = chips(handle);
  if (set.useHardwareCpu) return set.hardwareCpu.step();
  return set.cpu.step();
}

/**
 * Executes up to `limit` instructions through CpuCore.run (the console's
 * decoder); returns how many ran.
 */
export function chipTestCpuRun(handle: i32, limit: i32): i32 {
  const set = chips(handle);
  if (set.useHardwareCpu) return set.hardwareCpu.run(limit);
  return set.cpu.run(limit);
}

export function chipTestCpuSetRegisters(
  handle: i32, pc: u32, s: u32, a: u32, x: u32, y: u32, p: u32,
): void {
  const set = chips(handle);
  if (set.useHardwareCpu) {
    const cpu = set.hardwareCpu;
    cpu.pc = pc;
    cpu.s = s;
    cpu.a = a;
    cpu.x = x;
    cpu.y = y;
    cpu.p = p;
  } else {
    const cpu = set.cpu;
    cpu.pc = pc;
    cpu.s = s;
    cpu.a = a;
    cpu.x = x;
    cpu.y = y;
    cpu.p = p;
  }
}

/** Returns register 0 PC, 1 S, 2 A, 3 X, 4 Y or 5 P. */
export function chipTestCpuRegister(handle: i32, register: i32): u32 {
  const set = chips(handle);
  const values = new StaticArray<u32>(6);
  if (set.useHardwareCpu) {
    const cpu = set.hardwareCpu;
    values[0] = cpu.pc;
    values[1] = cpu.s;
    values[2] = cpu.a;
    values[3] = cpu.x;
    values[4] = cpu.y;
    values[5] = cpu.p;
  } else {
    const cpu = set.cpu;
    values[0] = cpu.pc;
    values[1] = cpu.s;
    values[2] = cpu.a;
    values[3] = cpu.x;
    values[4] = cpu.y;
    values[5] = cpu.p;
  }
  return values[min(max(register, 0), 5)];
}
