import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Freeway extends Game {
  constructor() {
    super();
    this.romId = "freeway";
    this.md5 = "8e0ab801b1705a740b476b7f588c6d16";
    this.minimalActions = [0, 2, 5];
    this.modes = [0, 1, 2, 3, 4, 5, 6, 7];
    this.difficulties = [0, 1];
    this.modeRam = 0;
    this.selectFrames = 1;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 103, -1, -1);
    const reward = score - this.score;
    // ALE clamps Freeway's score difference to [0, 1].
    this.reward = min(max(reward, 0), 1);
    this.score = score;
    this.terminal = m.readRam(22) == 1;
  }

  lives(): i32 {
    return 0;
  }
}
