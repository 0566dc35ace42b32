import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Assault extends Game {
  constructor() {
    super();
    this.romId = "assault";
    this.md5 = "de78b3a064d374390ac0710f95edde92";
    this.minimalActions = [0, 1, 2, 3, 4, 11, 12];
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 2, 1, 0);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(101);
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
