import { Machine } from "../../machine";
import { RESET } from "../actions";
import { Game, bcdScore } from "./game";

export class KeystoneKapers extends Game {
  constructor() {
    super();
    this.romId = "keystone_kapers";
    this.md5 = "6c1f3f2e359dbf55df462ccbcdd2f6bf";
    this.minimalActions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    this.startingActions = [RESET];
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 28, 27, -1);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(22);
    this.terminal = this.livesValue == 0 && m.readRam(8) == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
