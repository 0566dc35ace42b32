import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Atlantis extends Game {
  constructor() {
    super();
    this.romId = "atlantis";
    this.md5 = "9ad36e699ef6f45d9eb6c4cf90475c9f";
    this.minimalActions = [0, 1, 11, 12];
    this.modes = [0, 1, 2, 3];
    this.modeRam = 13;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 6;
  }

  // The score bytes are in the order low, middle, high = 34, 35, 33. A
  // terminal frame pays nothing and keeps the stored score.
  step(m: Machine): void {
    this.livesValue = m.readRam(113);
    this.terminal = this.livesValue == 0xff;
    if (this.terminal) {
      this.reward = 0;
      return;
    }
    const score = 100 * bcdScore(m, 34, 35, 33);
    this.reward = score - this.score;
    this.score = score;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
