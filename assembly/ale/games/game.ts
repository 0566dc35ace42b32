// Per-game rules as ALE's game wrappers define them: reward, terminal and
// lives from RAM after every frame, the mode-selection routine, action sets
// and starting actions. One subclass per game lives beside this file.

import { Machine } from "../../machine";
import { JOYSTICK_ACTION_COUNT } from "../actions";
import { Properties } from "../properties";
import { StateReader, StateWriter } from "../../state";

/** The environment calls a game's mode routine may make. */
export abstract class ModeDriver {
  /** Holds SELECT for `frames` frames, then emulates one no-op frame. */
  abstract pressSelect(frames: i32): void;
  /** Holds RESET for 4 frames. */
  abstract softReset(): void;
  /** One public-style act() call (sticky actions and frame_skip apply). */
  abstract act(action: i32, paddleStrength: f32): i32;
  abstract readRam(index: i32): u8;
  /** Returns a byte of cartridge RAM (Superchip and similar), 0 if none. */
  abstract readCartridgeRam(index: i32): u8;
  /** Draws from the environment generator (the one sticky actions use). */
  abstract nextRandom(): u32;
}

export const DEFAULT_PADDLE_MAX: i32 = 790196;

// A mode routine that presses SELECT this many times without reaching the
// requested mode gives up, so a ROM whose mode byte never matches cannot
// hang the reset.
const MAX_SELECT_PRESSES: i32 = 256;

/** Returns the decimal value of a packed-BCD byte, with no validity check. */
@inline
export function bcd(value: u8): i32 {
  return 10 * (<i32>value >> 4) + (<i32>value & 0x0f);
}

/** Returns a BCD score from up to three bytes, least significant first. */
export function bcdScore(m: Machine, low: i32, mid: i32, high: i32): i32 {
  let score = bcd(m.readRam(low));
  if (mid >= 0) score += 100 * bcd(m.readRam(mid));
  if (high >= 0) score += 10000 * bcd(m.readRam(high));
  return score;
}

/** Returns a RAM byte as a signed 8-bit value. */
@inline
export function signedRam(m: Machine, index: i32): i32 {
  return <i32>(<i8>m.readRam(index));
}

/**
 * Rules of one game. The base class is also the rule set of a ROM that ALE
 * does not know: reward 0, never terminal, all 18 actions minimal.
 */
export class Game {
  /** ALE's ROM id (file stem), "unknown" for an unrecognised ROM. */
  romId: string = "unknown";
  /** MD5 of the ROM image ALE's wrapper expects. */
  md5: string = "";
  props: Properties = new Properties();
  minimalActions: StaticArray<i32> = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
  ];
  modes: StaticArray<i32> = [0];
  defaultMode: i32 = 0;
  difficulties: StaticArray<i32> = [0];
  /** RAM index the default mode routine compares with the mode, or -1. */
  modeRam: i32 = -1;
  /** Frames SELECT is held per press in the default mode routine. */
  selectFrames: i32 = 1;
  startingActions: StaticArray<i32> = [];
  /** Upper end of the paddle resistance range (ALE's paddle_max). */
  paddleMax: i32 = DEFAULT_PADDLE_MAX;

  // Rule state, saved and restored with the console state.
  reward: i32 = 0;
  terminal: bool = false;
  livesValue: i32 = 0;
  score: i32 = 0;
  flag: bool = false;
  memo: i32 = 0;
  memo2: i32 = 0;
  memo3: i32 = 0;
  memo4: i32 = 0;

  /** Sets the rule state to its value at the start of an episode. */
  reset(): void {
    this.reward = 0;
    this.terminal = false;
    this.livesValue = 0;
    this.score = 0;
    this.flag = false;
    this.memo = 0;
    this.memo2 = 0;
    this.memo3 = 0;
    this.memo4 = 0;
  }

  /** Writes the rule state; subclasses with more state extend it. */
  save(writer: StateWriter): void {
    writer.i32(this.reward);
    writer.bool(this.terminal);
    writer.i32(this.livesValue);
    writer.i32(this.score);
    writer.bool(this.flag);
    writer.i32(this.memo);
    writer.i32(this.memo2);
    writer.i32(this.memo3);
    writer.i32(this.memo4);
  }

  load(reader: StateReader): void {
    this.reward = reader.i32();
    this.terminal = reader.bool();
    this.livesValue = reader.i32();
    this.score = reader.i32();
    this.flag = reader.bool();
    this.memo = reader.i32();
    this.memo2 = reader.i32();
    this.memo3 = reader.i32();
    this.memo4 = reader.i32();
  }

  /** Updates reward, terminal and lives from the RAM after one frame. */
  step(m: Machine): void {
    this.reward = 0;
  }

  /** Returns lives as ALE's lives() does. */
  lives(): i32 {
    return this.terminal ? 0 : 1;
  }

  isLegal(action: i32): bool {
    return action >= 0 && action < JOYSTICK_ACTION_COUNT;
  }

  isMinimal(action: i32): bool {
    const minimal = this.minimalActions;
    for (let i = 0; i < minimal.length; i++) {
      if (minimal[i] == action) return true;
    }
    return false;
  }

  hasMode(mode: i32): bool {
    return contains(this.modes, mode);
  }

  hasDifficulty(difficulty: i32): bool {
    return contains(this.difficulties, difficulty);
  }

  /**
   * Selects `mode` by pressing SELECT until the mode byte matches, then
   * presses RESET. Games without a mode routine emulate nothing.
   */
  setMode(driver: ModeDriver, mode: i32): void {
    if (this.modeRam < 0) return;
    this.pressSelectUntil(driver, this.modeRam, mode, this.selectFrames);
    driver.softReset();
  }

  /**
   * Presses SELECT until RAM[ramIndex] equals `value` (or `alternative`,
   * when not -1), at most 256 times.
   */
  protected pressSelectUntil(
    driver: ModeDriver,
    ramIndex: i32,
    value: i32,
    frames: i32,
    alternative: i32 = -1,
  ): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      const current = <i32>driver.readRam(ramIndex);
      if (current == value || current == alternative) return;
      driver.pressSelect(frames);
    }
  }

  protected livesOrZero(): i32 {
    return this.terminal ? 0 : this.livesValue;
  }
}

function contains(values: StaticArray<i32>, value: i32): bool {
  for (let i = 0; i < values.length; i++) {
    if (values[i] == value) return true;
  }
  return false;
}
