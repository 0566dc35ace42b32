import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

// The score counts in tens and wraps at 100,000; a wrap still pays the
// points scored.
const SCORE_WRAP: i32 = 100000;

export class Asteroids extends Game {
  constructor() {
    super();
    this.romId = "asteroids";
    this.md5 = "ccbd36746ed4525821a8083b0d6d2c2c";
    this.props.hmoveBlanks = false;
    this.minimalActions = [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15];
    this.modes = [
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 128,
    ];
    this.difficulties = [0, 3];
    this.modeRam = 0;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = 10 * bcdScore(m, 62, 61, -1);
    let reward = score - this.score;
    if (reward < 0) reward += SCORE_WRAP;
    this.reward = reward;
    this.score = score;
    this.livesValue = <i32>m.readRam(60) >> 4;
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
