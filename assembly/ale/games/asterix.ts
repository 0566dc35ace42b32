import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, bcdScore } from "./game";

export class Asterix extends Game {
  constructor() {
    super();
    this.romId = "asterix";
    this.md5 = "89a68746eff7f266bbf08de2483abe55";
    this.minimalActions = [0, 2, 3, 4, 5, 6, 7, 8, 9];
    this.startingActions = [FIRE];
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 96, 95, 94);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = <i32>m.readRam(83) & 0x0f;
    this.terminal = m.readRam(71) == 1 && this.livesValue == 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
