import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Zaxxon extends Game {
  constructor() {
    super();
    this.romId = "zaxxon";
    this.md5 = "eea0da9b987d661264cce69a7c13c3bd";
    this.modes = [0, 8, 16, 24];
    this.modeRam = 2;
    this.selectFrames = 10;
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  step(m: Machine): void {
    const score = 100 * bcdScore(m, 105, 104, -1);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = <i32>m.readRam(106) & 7;
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
