import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

const MAX_SELECT_PRESSES: i32 = 256;

export class Crossbow extends Game {
  constructor() {
    super();
    this.romId = "crossbow";
    this.md5 = "8cd26dcf249456fe4aeb8db42d49df74";
    this.modes = [0, 2, 4, 6];
    this.difficulties = [0, 1];
    this.selectFrames = 2;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 13, 12, 11);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(103) == 0x82;
  }

  // The mode is RAM[13] - 1 (8-bit), a byte that is also the low score.
  setMode(driver: ModeDriver, mode: i32): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      if (((<i32>driver.readRam(13) - 1) & 0xff) == mode) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
  }
}
