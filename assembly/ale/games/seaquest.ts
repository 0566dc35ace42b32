import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Seaquest extends Game {
  constructor() {
    super();
    this.romId = "seaquest";
    this.md5 = "240bfbac5163af4df5ae713985386f92";
    this.difficulties = [0, 1];
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 58, 57, 56);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(35) != 0;
    this.livesValue = <i32>m.readRam(59) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
