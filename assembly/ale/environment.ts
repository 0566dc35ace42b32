// One ALE environment: a console plus ALE's behaviour around it (the reset
// sequence, input per frame, sticky actions, frame skip, frame counters and
// the game's reward, terminal and lives rules). It follows ALE 0.12.1's
// StellaEnvironment and ALEInterface.

import { Machine } from "../machine";
import { Mt19937 } from "../random";
import { StateReader, StateWriter } from "../state";
import {
  NOOP,
  PRESS_DOWN,
  PRESS_FIRE,
  PRESS_LEFT,
  PRESS_RIGHT,
  PRESS_UP,
  RESET,
  actionPresses,
} from "./actions";
import { Game, ModeDriver } from "./games/game";
import {
  JOY_DOWN,
  JOY_LEFT,
  JOY_RIGHT,
  JOY_UP,
  SWITCH_LEFT_DIFFICULTY,
  SWITCH_RESET,
  SWITCH_RIGHT_DIFFICULTY,
  SWITCH_SELECT,
} from "../controls";
import { Controller } from "./properties";
import { Settings } from "./settings";

const NOOP_RESET_FRAMES: i32 = 60;
const RESET_SWITCH_FRAMES: i32 = 4;

// Paddle resistance range and step per frame in ALE, in Stella's units.
export const PADDLE_MIN: i32 = 27450;
export const PADDLE_MAX: i32 = 790196;
const PADDLE_DELTA: f32 = 23000;

// Bits of the left port in SWCHA (the right port uses the low nibble).
const LEFT_PORT_SHIFT: u32 = 4;
// Paddle fire buttons: pin Four of a port is SWCHA bit 7 (left port) and
// pin Three bit 6. Unswapped, paddle 0 uses pin Four, paddle 1 pin Three.
const PADDLE_PIN_FOUR: u8 = 0b1000_0000;
const PADDLE_PIN_THREE: u8 = 0b0100_0000;

// A port without a paddle reads as infinite resistance (dump never charges).
const NO_PADDLE: i32 = i32.MAX_VALUE;

const PLAYER_B_NOOP: i32 = 18;

/** Phases of the reset sequence, as recorded in the reset log. */
export const PHASE_NONE: u8 = 0;
export const PHASE_NOOP: u8 = 1;
export const PHASE_RESET_SWITCH_1: u8 = 2;
export const PHASE_SET_MODE: u8 = 3;
export const PHASE_AFTER_SET_MODE: u8 = 4;
export const PHASE_RESET_SWITCH_2: u8 = 5;
export const PHASE_STARTING_ACTION: u8 = 6;

/** Bytes per reset-log entry: phase, RAM, screen hash, scanline, cycles. */
export const RESET_LOG_ENTRY_SIZE: i32 = 1 + 128 + 4 + 4 + 4;

export class Environment extends ModeDriver {
  machine: Machine;
  game: Game;
  settings: Settings = new Settings();
  /** Environment generator: two draws per act() frame (sticky actions). */
  random: Mt19937;

  mode: i32;
  difficulty: i32 = 0;
  frameNumber: i32 = 0;
  episodeFrameNumber: i32 = 0;

  // Actions in effect; sticky actions keep them from the previous frame.
  playerAAction: i32 = NOOP;
  playerBAction: i32 = PLAYER_B_NOOP;
  paddleAStrength: f32 = 1;
  paddleBStrength: f32 = 0;
  // Paddle resistances of ALE's player A and B paddles.
  paddleA: i32 = 0;
  paddleB: i32 = 0;
  paddleMin: i32 = PADDLE_MIN;
  paddleMax: i32 = PADDLE_MAX;

  /** When set, reset() records every frame it emulates (for tests). */
  resetLog: StateWriter | null = null;
  private phase: u8 = PHASE_NONE;

  rewardMin: i32 = i32.MIN_VALUE;
  rewardMax: i32 = i32.MAX_VALUE;

  constructor(machine: Machine, game: Game, settings: Settings) {
    super();
    this.random = new Mt19937(<u32>settings.randomSeed);
    this.machine = machine;
    this.game = game;
    this.mode = game.defaultMode;
    this.paddleMax = game.paddleMax;
    this.settings.copyFrom(settings);
    game.reset();
  }

  // ---- queries -----------------------------------------------------------

  readRam(index: i32): u8 {
    return this.machine.readRam(index);
  }

  readCartridgeRam(index: i32): u8 {
    return this.machine.readCartridgeRam(index);
  }

  nextRandom(): u32 {
    return this.random.next();
  }

  isTruncated(): bool {
    const limit = this.settings.maxNumFramesPerEpisode;
    return limit > 0 && this.episodeFrameNumber >= limit;
  }

  isTerminal(): bool {
    return this.game.terminal || this.isTruncated();
  }

  lives(): i32 {
    return this.game.lives();
  }

  // ---- reset -------------------------------------------------------------

  /**
   * Resets the game as ALE's reset_game() does:
   * 1. episode counter to 0, paddles centred, whole console reset;
   * 2. 60 no-op frames, then RESET held for 4 frames;
   * 3. the game's rule state reset and its mode routine for `mode`;
   * 4. RESET held for 4 frames, then each starting action for one frame.
   */
  reset(): void {
    const log = this.resetLog;
    if (log != null) log.length = 0;
    this.episodeFrameNumber = 0;
    this.resetPaddles();
    this.machine.reset();
    this.phase = PHASE_NOOP;
    this.emulate(NOOP, PLAYER_B_NOOP, 1, 0, NOOP_RESET_FRAMES);
    this.phase = PHASE_RESET_SWITCH_1;
    this.softReset();
    this.game.reset();
    this.phase = PHASE_SET_MODE;
    this.game.setMode(this, this.mode);
    this.phase = PHASE_AFTER_SET_MODE;
    this.logFrame();
    this.phase = PHASE_RESET_SWITCH_2;
    this.softReset();
    this.phase = PHASE_STARTING_ACTION;
    const starting = this.game.startingActions;
    for (let i = 0; i < starting.length; i++) {
      this.emulate(starting[i], PLAYER_B_NOOP, 1, 0, 1);
    }
    this.phase = PHASE_NONE;
  }

  private logFrame(): void {
    const log = this.resetLog;
    if (log == null || this.phase == PHASE_NONE) return;
    const machine = this.machine;
    log.u8(this.phase);
    log.staticU8(machine.riot.ram);
    log.u32(machine.screenHash());
    log.i32(machine.tia.scanlines);
    log.u32(machine.tia.frameCycles);
  }

  softReset(): void {
    this.emulate(RESET, PLAYER_B_NOOP, 1, 0, RESET_SWITCH_FRAMES);
    this.playerAAction = NOOP;
    this.playerBAction = PLAYER_B_NOOP;
  }

  /**
   * Holds SELECT for `frames` frames that the game's rules do not see, then
   * emulates one no-op frame. Counts as one frame in the frame counters.
   */
  pressSelect(frames: i32): void {
    this.releaseInputs();
    this.machine.controls.swchb &= ~SWITCH_SELECT;
    for (let i = 0; i < frames; i++) this.machine.emulateFrame();
    this.emulate(NOOP, PLAYER_B_NOOP, 1, 0, 1);
    this.frameNumber++;
    this.episodeFrameNumber++;
  }

  private resetPaddles(): void {
    const centre = (this.paddleMin + this.paddleMax) / 2;
    this.paddleA = centre;
    this.paddleB = centre;
  }

  // ---- acting ------------------------------------------------------------

  /**
   * Applies `action` for frame_skip frames and returns the summed reward,
   * clamped to [rewardMin, rewardMax]. Each frame keeps the previous
   * action with probability repeat_action_probability.
   */
  act(action: i32, paddleStrength: f32): i32 {
    let frames = this.settings.frameSkip;
    if (frames < 1) frames = 1;
    const repeat = this.settings.repeatActionProbability;
    let sum: i64 = 0;
    for (let i = 0; i < frames; i++) {
      if (this.nextDouble() >= repeat) {
        this.playerAAction = action;
        this.paddleAStrength = paddleStrength;
      }
      if (this.nextDouble() >= repeat) {
        this.playerBAction = PLAYER_B_NOOP;
        this.paddleBStrength = 0;
      }
      sum += this.oneStepAct(this.playerAAction, this.playerBAction);
    }
    if (sum < <i64>this.rewardMin) sum = this.rewardMin;
    if (sum > <i64>this.rewardMax) sum = this.rewardMax;
    return <i32>sum;
  }

  private oneStepAct(playerA: i32, playerB: i32): i32 {
    if (this.isTerminal()) return 0;
    if (playerA == RESET || !this.game.isLegal(playerA)) playerA = NOOP;
    this.emulate(
      playerA,
      playerB,
      this.paddleAStrength,
      this.paddleBStrength,
      1,
    );
    this.frameNumber++;
    this.episodeFrameNumber++;
    return this.game.reward;
  }

  // A draw divided by 2^32, as ALE's environment generator does.
  private nextDouble(): f64 {
    return <f64>this.random.next() / 4294967296.0;
  }

  /** Emulates `frames` frames with these inputs, updating the rules. */
  emulate(
    playerA: i32,
    playerB: i32,
    strengthA: f32,
    strengthB: f32,
    frames: i32,
  ): void {
    const machine = this.machine;
    const game = this.game;
    for (let i = 0; i < frames; i++) {
      this.applyInputs(playerA, playerB, strengthA, strengthB);
      machine.emulateFrame();
      game.step(machine);
      if (this.phase != PHASE_NONE) this.logFrame();
    }
  }

  // ---- input -------------------------------------------------------------

  /** Releases every button and switch and sets the difficulty switches. */
  private releaseInputs(): void {
    const controls = this.machine.controls;
    controls.releaseAll();
    let switches = controls.swchb;
    switches &= ~(SWITCH_LEFT_DIFFICULTY | SWITCH_RIGHT_DIFFICULTY);
    if (this.difficulty & 1) switches |= SWITCH_LEFT_DIFFICULTY;
    if (this.difficulty & 2) switches |= SWITCH_RIGHT_DIFFICULTY;
    controls.swchb = switches;
  }

  private applyInputs(
    playerA: i32,
    playerB: i32,
    strengthA: f32,
    strengthB: f32,
  ): void {
    this.releaseInputs();
    if (playerA == RESET || playerB == RESET) {
      this.machine.controls.swchb &= ~SWITCH_RESET;
    }
    if (this.game.props.usesPaddles()) {
      this.applyPaddles(playerA, playerB, strengthA, strengthB);
    } else {
      this.applyJoysticks(playerA, playerB);
    }
  }

  private applyJoysticks(playerA: i32, playerB: i32): void {
    const controls = this.machine.controls;
    const swapPorts = this.machine.props.swapPorts;
    const pressesA = actionPresses(playerA);
    const pressesB = actionPresses(playerB - PLAYER_B_NOOP);
    const left = swapPorts ? pressesB : pressesA;
    const right = swapPorts ? pressesA : pressesB;
    const lines = (joystickLines(left) << LEFT_PORT_SHIFT) | joystickLines(right);
    controls.swcha = <u8>(0xff & ~lines);
    controls.leftFire = (left & PRESS_FIRE) != 0;
    controls.rightFire = (right & PRESS_FIRE) != 0;
  }

  private applyPaddles(
    playerA: i32,
    playerB: i32,
    strengthA: f32,
    strengthB: f32,
  ): void {
    const pressesA = actionPresses(playerA);
    const pressesB = actionPresses(playerB - PLAYER_B_NOOP);
    this.paddleA = this.movePaddle(this.paddleA, pressesA, strengthA);
    this.paddleB = this.movePaddle(this.paddleB, pressesB, strengthB);
    this.writePaddles(pressesA, pressesB);
  }

  // RIGHT turns the paddle towards lower resistance.
  private movePaddle(position: i32, presses: u8, strength: f32): i32 {
    const step = <i32>(PADDLE_DELTA * Mathf.abs(strength));
    if (presses & PRESS_RIGHT) position -= step;
    else if (presses & PRESS_LEFT) position += step;
    if (position < this.paddleMin) position = this.paddleMin;
    if (position > this.paddleMax) position = this.paddleMax;
    return position;
  }

  /**
   * Routes ALE's two paddles to the left port's pins: paddle 0 to INPT0 and
   * SWCHA bit 7, paddle 1 to INPT1 and bit 6, or the reverse when the ROM
   * swaps paddles. A right port with paddles reads paddles 2 and 3, which
   * ALE never moves (resistance 0).
   */
  private writePaddles(pressesA: u8, pressesB: u8): void {
    const controls = this.machine.controls;
    const props = this.machine.props;
    const swap = props.swapPaddles;
    let lines: u8 = 0;
    if (props.leftController == Controller.Paddles) {
      controls.paddleResistance[swap ? 1 : 0] = this.paddleA;
      controls.paddleResistance[swap ? 0 : 1] = this.paddleB;
      if (pressesA & PRESS_FIRE) lines |= swap ? PADDLE_PIN_THREE : PADDLE_PIN_FOUR;
      if (pressesB & PRESS_FIRE) lines |= swap ? PADDLE_PIN_FOUR : PADDLE_PIN_THREE;
    }
    controls.swcha = <u8>(0xff & ~lines);
  }

  // ---- state -------------------------------------------------------------

  save(writer: StateWriter): void {
    this.machine.save(writer);
    writer.u32(<u32>this.random.index);
    writer.staticU32(this.random.state);
    writer.i32(this.mode);
    writer.i32(this.difficulty);
    writer.i32(this.frameNumber);
    writer.i32(this.episodeFrameNumber);
    writer.i32(this.playerAAction);
    writer.i32(this.playerBAction);
    writer.f64(this.paddleAStrength);
    writer.f64(this.paddleBStrength);
    writer.i32(this.paddleA);
    writer.i32(this.paddleB);
    this.game.save(writer);
  }

  load(reader: StateReader): void {
    this.machine.load(reader);
    this.random.index = reader.u32();
    reader.staticU32(this.random.state);
    this.mode = reader.i32();
    this.difficulty = reader.i32();
    this.frameNumber = reader.i32();
    this.episodeFrameNumber = reader.i32();
    this.playerAAction = reader.i32();
    this.playerBAction = reader.i32();
    this.paddleAStrength = <f32>reader.f64();
    this.paddleBStrength = <f32>reader.f64();
    this.paddleA = reader.i32();
    this.paddleB = reader.i32();
    this.game.load(reader);
  }
}

function joystickLines(presses: u8): u32 {
  let lines: u32 = 0;
  if (presses & PRESS_UP) lines |= JOY_UP;
  if (presses & PRESS_DOWN) lines |= JOY_DOWN;
  if (presses & PRESS_LEFT) lines |= JOY_LEFT;
  if (presses & PRESS_RIGHT) lines |= JOY_RIGHT;
  return lines;
}
