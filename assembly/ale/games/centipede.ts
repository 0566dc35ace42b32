import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Centipede extends Game {
  constructor() {
    super();
    this.romId = "centipede";
    this.md5 = "91c2098e88a6b13f977af8c003e0bca5";
    this.modes = [22, 86];
    this.defaultMode = 22;
    this.modeRam = 39;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 118, 117, 116);
    const reward = score - this.score;
    this.reward = reward < 0 ? 0 : reward;
    this.score = score;
    this.terminal = (m.readRam(38) & 0x40) != 0;
    this.livesValue = ((<i32>m.readRam(109) >> 4) & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
