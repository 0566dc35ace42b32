import { Machine } from "../../machine";
import { Game, ModeDriver, bcd } from "./game";

const MAX_SELECT_PRESSES: i32 = 256;
// The game is over after this many frames in a row without a move.
const IDLE_FRAMES_TO_END: i32 = 50;

export class Othello extends Game {
  constructor() {
    super();
    this.romId = "othello";
    this.md5 = "113cd09c9771ac278544b7e90efe7df2";
    this.minimalActions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    this.modes = [0, 1, 2];
    this.difficulties = [0, 2];
    this.selectFrames = 2;
  }

  // `memo` counts consecutive frames with RAM[64] == 0.
  step(m: Machine): void {
    const score = bcd(m.readRam(78)) - bcd(m.readRam(80));
    this.reward = score - this.score;
    this.score = score;
    if (m.readRam(64) == 0) this.memo++;
    else this.memo = 0;
    this.terminal = this.memo > IDLE_FRAMES_TO_END;
  }

  // The mode is RAM[94] - 1 (8-bit).
  setMode(driver: ModeDriver, mode: i32): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      if (((<i32>driver.readRam(94) - 1) & 0xff) == mode) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
  }
}
