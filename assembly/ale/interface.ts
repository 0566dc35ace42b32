// The state behind one ALEInterface object on the JavaScript side: pending
// settings, the loaded environment and the byte buffers that cross the
// WebAssembly boundary.

import { Machine, SCREEN_WIDTH } from "../machine";
import { Mt19937 } from "../random";
import { StateReader, StateWriter } from "../state";
import { Environment } from "./environment";
import { Game } from "./games/game";
import { findGame, multiPlayerGame } from "./games/registry";
import { md5Hex } from "./md5";
import { NTSC_PALETTE, PAL_PALETTE } from "./palette";
import { Settings } from "./settings";
import { detectScheme, validateRom } from "../cartridge/detect";

/** Status codes of loadRom; the message is in `error`. */
export const LOAD_OK: i32 = 0;
export const LOAD_UNKNOWN_GAME: i32 = 1;
export const LOAD_FAILED: i32 = -1;

export class AleHandle {
  settings: Settings = new Settings();
  env: Environment | null = null;
  /** Bytes the host writes before loadRom or restoreState. */
  input: Uint8Array = new Uint8Array(0);
  /** Screen, RGB screen or state bytes for the host to read. */
  output: Uint8Array = new Uint8Array(0);
  /** Message of the last failure, or of the last warning. */
  message: string = "";
  romMd5: string = "";
  /** Whether environments record their reset frames (a test aid). */
  logResets: bool = false;

  inputBuffer(size: i32): usize {
    if (this.input.length != size) this.input = new Uint8Array(size);
    return this.input.dataStart;
  }

  outputBuffer(size: i32): usize {
    if (this.output.length < size) this.output = new Uint8Array(size);
    return this.output.dataStart;
  }

  /** Loads the ROM in `input`, powers the console on and resets the game. */
  loadRom(size: i32): i32 {
    this.env = null;
    const rom = this.input.slice(0, size);
    const scheme = detectScheme(rom);
    const problem = validateRom(rom, scheme);
    if (problem.length > 0) {
      this.message = problem;
      return LOAD_FAILED;
    }

    const md5 = md5Hex(rom);
    const multiPlayer = multiPlayerGame(md5);
    if (multiPlayer.length > 0) {
      this.message =
        `${multiPlayer} (MD5 ${md5}) is a multi-player game: ALE 0.12.1 has ` +
        "no single-player rules for it and it needs multi-agent support, " +
        "which this interface does not offer";
      return LOAD_FAILED;
    }
    this.romMd5 = md5;

    let game = findGame(md5, "");
    let status = LOAD_OK;
    if (game == null) {
      game = new Game();
      status = LOAD_UNKNOWN_GAME;
      this.message =
        `ROM with MD5 ${md5} is not a game ALE supports: it runs with ` +
        "reward 0 and never ends";
    }

    const settings = this.settings;
    const random = new Mt19937(settings.systemRandomSeed);
    const machine = new Machine(rom, scheme, game.props, random);
    const env = new Environment(machine, game, settings);
    if (this.logResets) env.resetLog = new StateWriter();
    this.env = env;
    env.reset();
    return status;
  }

  environment(): Environment {
    return changetype<Environment>(this.env);
  }

  /** Writes the screen (palette indices) to `output` and returns it. */
  screen(): usize {
    const machine = this.environment().machine;
    const out = this.outputBuffer(machine.height * SCREEN_WIDTH);
    machine.copyScreen(out);
    return out;
  }

  /** Writes the screen as RGB bytes to `output` and returns it. */
  screenRgb(): usize {
    const machine = this.environment().machine;
    const pixels = machine.height * SCREEN_WIDTH;
    const out = this.outputBuffer(pixels * 4);
    // Indices go to the last third so the expansion never overwrites them.
    const indices = out + <usize>pixels * 3;
    machine.copyScreen(indices);
    const palette = machine.pal ? PAL_PALETTE : NTSC_PALETTE;
    for (let i = 0; i < pixels; i++) {
      const rgb = unchecked(palette[load<u8>(indices + <usize>i)]);
      const at = out + <usize>i * 3;
      store<u8>(at, <u8>(rgb >> 16));
      store<u8>(at, <u8>(rgb >> 8), 1);
      store<u8>(at, <u8>rgb, 2);
    }
    return out;
  }

  /** Writes the screen as ALE's grey levels to `output` and returns it. */
  screenGrayscale(): usize {
    const machine = this.environment().machine;
    const pixels = machine.height * SCREEN_WIDTH;
    const out = this.outputBuffer(pixels);
    machine.copyScreen(out);
    const palette = machine.pal ? PAL_PALETTE : NTSC_PALETTE;
    for (let i = 0; i < pixels; i++) {
      const index = <i32>load<u8>(out + <usize>i);
      // ALE reads one entry past the table for index 255; it gives 0 here.
      const grey = index < 255 ? unchecked(palette[index + 1]) & 0xff : 0;
      store<u8>(out + <usize>i, <u8>grey);
    }
    return out;
  }

  /** Serialises the environment to `output`; returns the byte count. */
  cloneState(): i32 {
    const writer = new StateWriter();
    writer.raw(changetype<usize>(String.UTF8.encode(this.romMd5)), 32);
    this.environment().save(writer);
    const bytes = writer.finish();
    const out = this.outputBuffer(bytes.length);
    memory.copy(out, bytes.dataStart, bytes.length);
    return bytes.length;
  }

  /** Restores a state from `input`; returns false (with a message) if invalid. */
  restoreState(size: i32): bool {
    const bytes = this.input.subarray(0, size);
    const reader = new StateReader(bytes);
    const md5 = new Uint8Array(32);
    reader.uint8Array(md5);
    const stateMd5 = String.UTF8.decode(md5.buffer);
    if (stateMd5 != this.romMd5) {
      this.message =
        `state belongs to the ROM with MD5 ${stateMd5}, but the loaded ROM ` +
        `has MD5 ${this.romMd5}: load that ROM before restoring`;
      return false;
    }
    const expected = this.cloneState();
    if (size != expected) {
      this.message =
        `state is ${size} bytes, but states of this ROM are ${expected} ` +
        "bytes: pass bytes returned by cloneState()";
      return false;
    }
    this.environment().load(reader);
    return reader.complete();
  }
}
