import { Machine } from "../../machine";
import { Game, ModeDriver, bcd, bcdScore } from "./game";

const MAX_SELECT_PRESSES: i32 = 256;
const WINNING_SCORE: i32 = 10;

export class SpaceWar extends Game {
  constructor() {
    super();
    this.romId = "space_war";
    this.md5 = "b702641d698c60bcdc922dbd8c9dd49c";
    this.modes = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
    this.defaultMode = 6;
    this.selectFrames = 2;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 39, -1, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = score == WINNING_SCORE || m.readRam(0) == 0;
  }

  // The mode shows in BCD in the score byte.
  setMode(driver: ModeDriver, mode: i32): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      if (bcd(driver.readRam(39)) == mode) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
  }
}
