import { Machine } from "../../machine";
import { FIRE, NOOP } from "../actions";
import { Game, ModeDriver, bcd } from "./game";

// Bytes of the cartridge's Superchip RAM the rules read.
const SCORE_LOW: i32 = 0x34;
const MAX_MISSES: i32 = 0x69;
const MODE: i32 = 0x6a;
const MISSES: i32 = 0x6e;
const LEVEL: i32 = 0x1d;
const LAST_LEVEL: u8 = 0x99;
const GAME_ACTIVE: u8 = 4;
const MAX_SELECT_PRESSES: i32 = 256;

// Board cells that hold no block.
function isEmptyCell(value: u8): bool {
  return value == 0 || value == 2 || value == 6 || value == 10 || value == 14;
}

export class Klax extends Game {
  constructor() {
    super();
    this.romId = "klax";
    this.md5 = "eed9eaf1a0b6a2b9bc4c8032cb43e3fb";
    this.modes = [0, 1, 2];
    this.selectFrames = 2;
    this.startingActions = [FIRE, NOOP];
  }

  step(m: Machine): void {
    const score =
      bcd(m.readCartridgeRam(SCORE_LOW)) +
      100 * bcd(m.readCartridgeRam(SCORE_LOW + 1)) +
      10000 * bcd(m.readCartridgeRam(SCORE_LOW + 2));
    this.reward = score - this.score;
    this.score = score;

    const maxMisses = m.readCartridgeRam(MAX_MISSES);
    const outOfMisses = maxMisses > 0 && m.readCartridgeRam(MISSES) == maxMisses;
    let boardFull = m.readRam(40) == GAME_ACTIVE;
    for (let i = 51; i <= 75 && boardFull; i++) {
      if (isEmptyCell(m.readRam(i))) boardFull = false;
    }
    const lastLevel = m.readCartridgeRam(LEVEL) == LAST_LEVEL;
    this.terminal = outOfMisses || boardFull || lastLevel;
  }

  setMode(driver: ModeDriver, mode: i32): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      if (<i32>driver.readCartridgeRam(MODE) == mode) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
  }
}
