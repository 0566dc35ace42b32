import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, ModeDriver, bcdScore } from "./game";

export class Gopher extends Game {
  constructor() {
    super();
    this.romId = "gopher";
    this.md5 = "c16c79aad6272baffb8aae9a7fff0864";
    this.minimalActions = [0, 1, 2, 3, 4, 10, 11, 12];
    this.modes = [0, 2];
    this.difficulties = [0, 1];
    this.modeRam = 83;
    this.selectFrames = 5;
    this.startingActions = [FIRE];
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 50, 49, 48);
    this.reward = score - this.score;
    this.score = score;
    // Each of the low three bits is a carrot left.
    const carrots = <i32>m.readRam(52) & 7;
    this.terminal = carrots == 0;
    this.livesValue = popcnt<i32>(carrots);
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // ALE presses RESET once before selecting.
  setMode(driver: ModeDriver, mode: i32): void {
    driver.softReset();
    super.setMode(driver, mode);
  }
}
