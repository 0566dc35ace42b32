import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

const MAX_SELECT_PRESSES: i32 = 256;

export class MsPacman extends Game {
  constructor() {
    super();
    this.romId = "ms_pacman";
    this.md5 = "87e79cd41ce136fd4f72cc6e2c161bee";
    this.props.hmoveBlanks = false;
    this.minimalActions = [0, 2, 3, 4, 5, 6, 7, 8, 9];
    this.modes = [0, 1, 2, 3];
    this.modeRam = 25;
    this.selectFrames = 10;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 120, 121, 122);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = <i32>m.readRam(123);
    this.terminal = (livesByte & 0x0f) == 0 && m.readRam(39) == 0x53;
    this.livesValue = (livesByte & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // Mode 0 is variation 1 with the second flag byte set; mode m > 0 is
  // variation m with it clear.
  setMode(driver: ModeDriver, mode: i32): void {
    const variation = mode == 0 ? 1 : mode;
    const second = mode == 0 ? 1 : 0;
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      const done =
        <i32>driver.readRam(25) == variation &&
        <i32>driver.readRam(33) == second;
      if (done) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
  }
}
