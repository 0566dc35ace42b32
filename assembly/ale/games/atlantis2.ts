import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Atlantis2 extends Game {
  constructor() {
    super();
    this.romId = "atlantis2";
    this.md5 = "826481f6fc53ea47c9f272f7050eedf7";
    this.minimalActions = [0, 1, 11, 12];
  }

  // A terminal frame pays nothing and keeps the stored score.
  step(m: Machine): void {
    this.livesValue = m.readRam(113);
    this.terminal = this.livesValue == 0xff;
    if (this.terminal) {
      this.reward = 0;
      return;
    }
    const score = bcdScore(m, 33, 34, 35);
    this.reward = score - this.score;
    this.score = score;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
