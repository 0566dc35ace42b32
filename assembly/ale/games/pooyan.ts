import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

export class Pooyan extends Game {
  constructor() {
    super();
    this.romId = "pooyan";
    this.md5 = "4799a40b6e889370b7ee55c17ba65141";
    this.props.yStart = 26;
    this.props.height = 220;
    this.minimalActions = [0, 1, 2, 5, 10, 13];
    this.modes = [10, 30, 50, 70];
    this.defaultMode = 10;
    this.modeRam = 61;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 10, 9, 8);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(22);
    this.terminal = livesByte == 0 && m.readRam(24) == 0x05;
    this.livesValue = (<i32>livesByte & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // ALE presses SELECT once before reading the mode.
  setMode(driver: ModeDriver, mode: i32): void {
    driver.pressSelect(this.selectFrames);
    super.setMode(driver, mode);
  }
}
