import { Machine } from "../../machine";
import { Game, bcd } from "./game";

export class MiniatureGolf extends Game {
  constructor() {
    super();
    this.romId = "miniature_golf";
    this.md5 = "df62a658496ac98a3aa4a6ee5719c251";
    this.difficulties = [0, 1];
  }

  // State: `memo` hole, `memo2` par, `memo3` hits, `memo4` hits at the
  // start of the hole, `score` the stroke counter last seen. The terminal
  // flag stays set until reset().
  step(m: Machine): void {
    const strokeCounter = bcd(m.readRam(7));
    const parDisplay = bcd(m.readRam(8));
    const hole = bcd(m.readRam(47));
    this.reward = 0;
    if (hole != this.memo) {
      const strokes = this.score + this.memo3 - this.memo4;
      if (strokes > 0) this.reward = this.memo2 - strokes;
      if (hole == 0) this.terminal = true;
      this.memo = hole;
      this.memo3 = 0;
      this.memo4 = this.score;
    }
    if (parDisplay != 0) {
      this.memo2 = parDisplay;
    } else {
      // The stroke counter restarts within a hole after 9 strokes.
      if (strokeCounter < this.score) this.memo3 += this.score;
      this.score = strokeCounter;
    }
  }
}
