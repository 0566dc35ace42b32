import { Machine } from "../../machine";
import { Game, bcd, bcdScore } from "./game";

export class BasicMath extends Game {
  constructor() {
    super();
    this.romId = "basic_math";
    this.md5 = "819aeeb9a2e11deb54e6de334f843894";
    this.minimalActions = [0, 1, 2, 3, 4, 5];
    this.modes = [5, 6, 7, 8];
    this.defaultMode = 5;
    this.difficulties = [0, 2, 3];
    this.modeRam = 69;
    this.selectFrames = 2;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 4, -1, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = bcd(m.readRam(6)) != 0;
  }
}
