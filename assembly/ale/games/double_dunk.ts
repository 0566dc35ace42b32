import { Machine } from "../../machine";
import { DOWN, LEFT, NOOP, RIGHT, UPFIRE } from "../actions";
import { Game, ModeDriver, bcd } from "./game";

const WINNING_POINTS: i32 = 24;
const GAME_OVER_MARK: u8 = 0xe7;
const MAX_MENU_STEPS: i32 = 256;
// Option bits of the menu byte for mode bits 1, 2, 4 and 8, in the order
// the menu lists them.
const OPTION_BITS: StaticArray<i32> = [0x08, 0x10, 0x04, 0x20];
const MODE_BITS: StaticArray<i32> = [1, 2, 4, 8];

export class DoubleDunk extends Game {
  constructor() {
    super();
    this.romId = "double_dunk";
    this.md5 = "368d88a6c071caba60b4f778615aae94";
    this.modes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    this.startingActions = [UPFIRE];
  }

  step(m: Machine): void {
    const player = bcd(m.readRam(118));
    const opponent = bcd(m.readRam(119));
    const score = player - opponent;
    this.reward = score - this.score;
    this.score = score;
    const decided = player >= WINNING_POINTS || opponent >= WINNING_POINTS;
    this.terminal = decided && m.readRam(126) == GAME_OVER_MARK;
  }

  lives(): i32 {
    return 0;
  }

  // The options menu is driven with act(): DOWN moves to the next line,
  // RIGHT and LEFT set and clear the option of the current line.
  setMode(driver: ModeDriver, mode: i32): void {
    driver.pressSelect(1);
    moveDown(driver);
    for (let i = 0; i < OPTION_BITS.length; i++) {
      moveDown(driver);
      setOption(driver, OPTION_BITS[i], (mode & MODE_BITS[i]) != 0);
    }
    driver.softReset();
    driver.act(UPFIRE, 1);
    driver.act(NOOP, 1);
  }
}

function moveDown(driver: ModeDriver): void {
  const line = driver.readRam(48);
  for (let i = 0; i < MAX_MENU_STEPS; i++) {
    driver.act(DOWN, 1);
    driver.act(NOOP, 1);
    if (driver.readRam(48) != line) return;
  }
}

function setOption(driver: ModeDriver, bit: i32, on: bool): void {
  for (let i = 0; i < MAX_MENU_STEPS; i++) {
    const set = (<i32>driver.readRam(0) & bit) == bit;
    if (set == on) return;
    driver.act(on ? RIGHT : LEFT, 1);
    driver.act(NOOP, 1);
  }
}
