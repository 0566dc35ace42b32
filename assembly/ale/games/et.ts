import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

// ALE gives up (with an error) after this many SELECT presses.
const MAX_SELECT_PRESSES: i32 = 100;

export class Et extends Game {
  constructor() {
    super();
    this.romId = "et";
    this.md5 = "615a3bf251a38eb6638cdc7ffbde5480";
    this.modes = [0, 1, 2];
    this.difficulties = [0, 1, 2, 3];
    this.selectFrames = 25;
  }

  // Lives are RAM[101] + 1 as a signed 8-bit value, so they can be negative.
  step(m: Machine): void {
    const score = bcdScore(m, 97, 96, 95);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = <i32>(<i8>(m.readRam(101) + 1));
    this.terminal = this.livesValue == 0 && m.readRam(0) == 8;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // The mode is RAM[106] - 1 (8-bit).
  setMode(driver: ModeDriver, mode: i32): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      if (((<i32>driver.readRam(106) - 1) & 0xff) == mode) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
  }
}
