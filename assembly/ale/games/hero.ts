import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Hero extends Game {
  constructor() {
    super();
    this.romId = "hero";
    this.md5 = "fca4a5be1251927027f2c24774a02160";
    this.modes = [0, 1, 2, 3, 4];
    this.modeRam = 0;
    this.selectFrames = 1;
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 57, 56, 55);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(51);
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
