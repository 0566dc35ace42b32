import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, ModeDriver, bcdScore } from "./game";

export class YarsRevenge extends Game {
  constructor() {
    super();
    this.romId = "yars_revenge";
    this.md5 = "c5930d0e8cdae3e037349bfa08e871be";
    this.modes = [0, 32, 64, 96];
    this.difficulties = [0, 1];
    this.modeRam = 99;
    this.selectFrames = 1;
    this.startingActions = [FIRE];
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 98, 97, 96);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = <i32>m.readRam(30) >> 4;
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesValue;
  }

  // One long press opens the game-selection screen first.
  setMode(driver: ModeDriver, mode: i32): void {
    driver.pressSelect(2);
    super.setMode(driver, mode);
  }
}
