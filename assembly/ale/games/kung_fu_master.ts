import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class KungFuMaster extends Game {
  constructor() {
    super();
    this.romId = "kung_fu_master";
    this.md5 = "5b92a93b23523ff16e2789b820e2a4c5";
    this.minimalActions = [0, 2, 3, 4, 5, 8, 9, 11, 12, 13, 14, 15, 16, 17];
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 26, 25, 24);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(29);
    this.terminal = livesByte == 0xff;
    this.livesValue = (<i32>livesByte & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
