import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

export class Frogger extends Game {
  constructor() {
    super();
    this.romId = "frogger";
    this.md5 = "081e2c114c9c20b61acf25fc95c71bf4";
    this.minimalActions = [0, 2, 3, 4, 5];
    this.modes = [0, 1, 2];
    this.difficulties = [0, 1];
    this.modeRam = 93;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 78, 76, -1);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(80);
    this.terminal = this.livesValue == 0xff;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // The game numbers its variations 1, 3, 5.
  setMode(driver: ModeDriver, mode: i32): void {
    this.pressSelectUntil(driver, this.modeRam, 1 + 2 * mode, this.selectFrames);
    driver.softReset();
  }
}
