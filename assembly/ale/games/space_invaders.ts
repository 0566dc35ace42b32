import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

// The four-digit score wraps at 10,000.
const SCORE_WRAP: i32 = 10000;

export class SpaceInvaders extends Game {
  constructor() {
    super();
    this.romId = "space_invaders";
    this.md5 = "72ffbef6504b75e69ee1045af9075f66";
    this.minimalActions = [0, 1, 3, 4, 11, 12];
    this.modes = [
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    ];
    this.difficulties = [0, 1];
    this.modeRam = 92;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 104, 102, -1);
    let reward = score - this.score;
    if (reward < 0) reward = SCORE_WRAP - this.score + score;
    this.reward = reward;
    this.score = score;
    this.livesValue = m.readRam(73);
    this.terminal = (m.readRam(24) & 0x80) != 0 || this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
