import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Carnival extends Game {
  constructor() {
    super();
    this.romId = "carnival";
    this.md5 = "028024fb8e5e5f18ea586652f9799c96";
    this.props.yStart = 26;
    this.props.height = 214;
    this.minimalActions = [0, 1, 3, 4, 11, 12];
  }

  step(m: Machine): void {
    const score = 10 * bcdScore(m, 46, 45, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(3) == 0;
  }

  lives(): i32 {
    return 0;
  }
}
