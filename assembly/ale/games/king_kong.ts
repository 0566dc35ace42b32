import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

export class KingKong extends Game {
  constructor() {
    super();
    this.romId = "king_kong";
    this.md5 = "0dd4c69b5f9a7ae96a7a08329496779a";
    this.minimalActions = [0, 1, 2, 3, 4, 5];
    this.modes = [0, 1, 2, 3];
    this.modeRam = 108;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 3, 2, -1);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(110);
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // The mode byte counts in twos.
  setMode(driver: ModeDriver, mode: i32): void {
    this.pressSelectUntil(driver, this.modeRam, 2 * mode, this.selectFrames);
    driver.softReset();
  }
}
