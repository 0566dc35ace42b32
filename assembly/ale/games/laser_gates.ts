import { Machine } from "../../machine";
import { RESET } from "../actions";
import { Game, bcdScore } from "./game";

export class LaserGates extends Game {
  constructor() {
    super();
    this.romId = "laser_gates";
    this.md5 = "8e4cd60d93fcde8065c1a2b972a26377";
    this.startingActions = [RESET];
  }

  step(m: Machine): void {
    const score = bcdScore(m, 2, 1, 0);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(3) == 0;
  }

  lives(): i32 {
    return 0;
  }
}
