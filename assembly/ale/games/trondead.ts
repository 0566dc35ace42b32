import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

const HITS_TO_END: i32 = 5;

export class Trondead extends Game {
  constructor() {
    super();
    this.romId = "trondead";
    this.md5 = "fb27afe896e7c928089307b32e5642ee";
    this.difficulties = [0, 1];
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 63, 62, 61);
    this.reward = score - this.score;
    this.score = score;
    const hits = <i32>m.readRam(72);
    this.terminal = hits == HITS_TO_END;
    this.livesValue = HITS_TO_END - hits;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
