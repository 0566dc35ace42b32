import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Tetris extends Game {
  constructor() {
    super();
    this.romId = "tetris";
    this.md5 = "b0e1ee07fbc73493eac5651a52f90f00";
    this.minimalActions = [0, 1, 3, 4, 5];
  }

  // `flag` is ALE's "started" marker: set on the first frame after a
  // reset, cleared again when the game ends.
  step(m: Machine): void {
    const score = bcdScore(m, 113, 114, -1);
    this.reward = score > this.score ? score - this.score : 0;
    this.score = score;
    if (!this.flag) this.flag = true;
    this.terminal = (m.readRam(115) & 0x80) != 0;
    if (this.terminal) {
      this.score = 0;
      this.flag = false;
    }
  }

  lives(): i32 {
    return 0;
  }
}
