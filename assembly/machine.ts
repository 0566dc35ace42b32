// One Atari 2600 console: bus, CPU, TIA, RIOT, cartridge, controls and the
// emulator's random generator, with power-on and frame emulation as ALE
// 0.12.1's Stella 2.4.2 core does them.

import { Bus } from "./bus";
import { Cartridge } from "./cartridge/cartridge";
import { createCartridge } from "./cartridge/detect";
import { Controls } from "./controls";
import { CPU_STATE_SIZE, Cpu } from "./cpu/cpu";
import { Mt19937 } from "./random";
import { RIOT_STATE_SIZE, Riot } from "./riot/riot";
import { StateReader, StateWriter } from "./state";
import { Tia } from "./tia/tia";
import {
  Controller,
  DEFAULT_HEIGHT,
  DisplayFormat,
  PAL_HEIGHT,
  Properties,
} from "./ale/properties";
import {
  SWITCH_LEFT_DIFFICULTY,
  SWITCH_RIGHT_DIFFICULTY,
} from "./controls";

/** Instructions one frame may run before it is cut off as a partial frame. */
export const FRAME_INSTRUCTION_LIMIT: i32 = 25000;

/** Width of the screen and of the TIA frame buffer, in pixels. */
export const SCREEN_WIDTH: i32 = 160;

// Display-format detection while powering on: 60 frames, of which the last
// 30 vote PAL when they end more than 285 scanlines into the frame.
const DETECT_FRAMES: i32 = 60;
const DETECT_FIRST_VOTING_FRAME: i32 = 30;
const PAL_SCANLINE_THRESHOLD: i32 = 285;
const PAL_VOTES_NEEDED: i32 = 15;

// SWCHB as Stella's switches start: every line high except both
// difficulty switches (B), so the unused bits 2, 4 and 5 read 1.
const SWITCHES_AT_POWER_ON: u8 = 0b0011_1111;

// A port without a paddle reads as infinite resistance: its dump capacitor
// never charges.
const NO_PADDLE: i32 = i32.MAX_VALUE;

export class Machine {
  readonly random: Mt19937;
  readonly controls: Controls;
  readonly bus: Bus;
  readonly cartridge: Cartridge;
  readonly riot: Riot;
  readonly tia: Tia;
  readonly cpu: Cpu;
  readonly props: Properties;
  /** Whether the console runs as PAL (decided at power-on). */
  pal: bool = false;
  /** First frame-buffer row of the screen. */
  yStart: i32;
  /** Screen height in rows. */
  height: i32;

  /**
   * Powers on a console with `rom` inserted as bank-switching `scheme`
   * (checked by validateRom first). `random` is the emulator generator:
   * the cartridge, then the RIOT's power-on RAM and timer draw from it.
   */
  constructor(
    rom: Uint8Array,
    scheme: string,
    props: Properties,
    random: Mt19937,
  ) {
    const bus = new Bus();
    const controls = new Controls();
    const cartridge = changetype<Cartridge>(
      createCartridge(bus, random, rom, scheme),
    );
    setPowerOnInputs(controls, props);
    const riot = new Riot(bus, controls, random);
    const tia = new Tia(bus, controls);
    tia.allowHmoveBlanks = props.hmoveBlanks;
    tia.setDisplayWindow(props.yStart, props.height);
    this.random = random;
    this.controls = controls;
    this.bus = bus;
    this.cartridge = cartridge;
    this.riot = riot;
    this.tia = tia;
    this.cpu = new Cpu(bus);
    this.props = props;
    this.yStart = props.yStart;
    this.height = props.height;
    bus.attach(tia, riot, cartridge);
    this.powerOn();
  }

  // Console creation: with Display.Format AUTO-DETECT the console is reset,
  // runs 60 frames to decide NTSC or PAL, and is reset again.
  private powerOn(): void {
    const format = this.props.format;
    if (format == DisplayFormat.AutoDetect) {
      this.reset();
      let votes = 0;
      for (let i = 0; i < DETECT_FRAMES; i++) {
        this.emulateFrame();
        const late = this.tia.scanlines > PAL_SCANLINE_THRESHOLD;
        if (i >= DETECT_FIRST_VOTING_FRAME && late) votes++;
      }
      this.pal = votes >= PAL_VOTES_NEEDED;
    } else {
      this.pal = format == DisplayFormat.Pal;
    }
    if (this.pal && this.height == DEFAULT_HEIGHT) this.height = PAL_HEIGHT;
    this.tia.setFormat(this.pal);
    this.tia.setDisplayWindow(this.yStart, this.height);
    this.reset();
  }

  /**
   * Resets the whole console as Stella's System::reset does: the cycle
   * counter, then RIOT, TIA and cartridge in that order, then the CPU.
   * RIOT RAM keeps its contents.
   */
  reset(): void {
    const bus = this.bus;
    bus.cycles = 0;
    this.riot.reset();
    this.tia.reset();
    this.cartridge.reset();
    this.cpu.reset();
  }

  /**
   * Emulates one frame:
   * 1. the TIA starts a frame (or continues a partial one);
   * 2. the CPU runs until the TIA reports the frame done or 25,000
   *    instructions have run;
   * 3. the TIA ends the frame, greying the undrawn rows of a partial one.
   */
  emulateFrame(): void {
    const tia = this.tia;
    tia.startFrame();
    // Runs until VSYNC ends the frame, the limit cuts it off or the CPU jams.
    this.cpu.run(FRAME_INSTRUCTION_LIMIT);
    tia.endFrame();
  }

  @inline
  readRam(index: i32): u8 {
    return unchecked(this.riot.ram[index & 0x7f]);
  }

  /** Returns byte `index` of the cartridge's extra RAM, or 0 if it has none. */
  readCartridgeRam(index: i32): u8 {
    const cartridge = this.cartridge;
    if (index < 0 || index >= cartridge.ramSize) return 0;
    return cartridge.memory[cartridge.romSize + index];
  }

  writeRam(index: i32, value: u8): void {
    this.riot.ram[index & 0x7f] = value;
  }

  /** Copies the screen (palette indices, row-major) to `out`. */
  copyScreen(out: usize): void {
    const source = this.tia.frameBufferPointer;
    memory.copy(out, source, <usize>(this.height * SCREEN_WIDTH));
  }

  /** Returns the FNV-1a hash of the screen (palette indices, row-major). */
  screenHash(): u32 {
    const start = this.tia.frameBufferPointer;
    const end = start + <usize>(this.height * SCREEN_WIDTH);
    let hash: u32 = 0x811c9dc5;
    for (let p = start; p < end; p++) {
      hash = (hash ^ <u32>load<u8>(p)) * 0x01000193;
    }
    return hash;
  }

  // ---- state -------------------------------------------------------------

  save(writer: StateWriter): void {
    this.cpu.saveState(writer.block(CPU_STATE_SIZE));
    this.riot.saveState(writer.block(RIOT_STATE_SIZE));
    this.saveTia(writer);
    this.cartridge.saveState(writer.block(this.cartridge.stateSize));
    writer.u64(this.bus.cycles);
    writer.u32(this.bus.dataBus);
    writer.u8(this.controls.swcha);
    writer.u8(this.controls.swchb);
    writer.bool(this.controls.leftFire);
    writer.bool(this.controls.rightFire);
    writer.staticI32(this.controls.paddleResistance);
    writer.u32(<u32>this.random.index);
    writer.staticU32(this.random.state);
  }

  private saveTia(writer: StateWriter): void {
    const tia = this.tia;
    tia.saveState(writer.block(tia.stateSize));
  }

  private loadTia(reader: StateReader): void {
    const tia = this.tia;
    const pointer = reader.block(tia.stateSize);
    if (pointer) tia.loadState(pointer);
  }

  load(reader: StateReader): void {
    const cpuState = reader.block(CPU_STATE_SIZE);
    if (cpuState) this.cpu.loadState(cpuState);
    const riotState = reader.block(RIOT_STATE_SIZE);
    if (riotState) this.riot.loadState(riotState);
    this.loadTia(reader);
    const cartridgeState = reader.block(this.cartridge.stateSize);
    if (cartridgeState) this.cartridge.loadState(cartridgeState);
    this.bus.cycles = reader.u64();
    this.bus.dataBus = reader.u32();
    this.controls.swcha = <u8>reader.u8();
    this.controls.swchb = <u8>reader.u8();
    this.controls.leftFire = reader.bool();
    this.controls.rightFire = reader.bool();
    reader.staticI32(this.controls.paddleResistance);
    this.random.index = <i32>reader.u32();
    reader.staticU32(this.random.state);
  }
}

function setPowerOnInputs(controls: Controls, props: Properties): void {
  let switches = SWITCHES_AT_POWER_ON;
  if (props.leftDifficultyA) switches |= SWITCH_LEFT_DIFFICULTY;
  if (props.rightDifficultyA) switches |= SWITCH_RIGHT_DIFFICULTY;
  controls.swchb = switches;
  // Paddles read resistance 0 until ALE first sets them; other controllers
  // have no paddle lines.
  const left = props.leftController == Controller.Paddles ? 0 : NO_PADDLE;
  const right = props.rightController == Controller.Paddles ? 0 : NO_PADDLE;
  controls.paddleResistance[0] = left;
  controls.paddleResistance[1] = left;
  controls.paddleResistance[2] = right;
  controls.paddleResistance[3] = right;
}
