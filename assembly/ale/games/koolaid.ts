import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Koolaid extends Game {
  constructor() {
    super();
    this.romId = "koolaid";
    this.md5 = "534e23210dd1993c828d944c6ac4d9fb";
    this.minimalActions = [0, 2, 3, 4, 5, 6, 7, 8, 9];
  }

  step(m: Machine): void {
    const score = 100 * bcdScore(m, 1, 0, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(81) == 0x80;
  }

  lives(): i32 {
    return 0;
  }
}
