import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

const SCORE_WRAP: i32 = 1000000;

export class Galaxian extends Game {
  constructor() {
    super();
    this.romId = "galaxian";
    this.md5 = "211774f4c5739042618be8ff67351177";
    this.minimalActions = [0, 1, 3, 4, 11, 12];
    this.modes = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    this.defaultMode = 1;
    this.difficulties = [0, 1];
    this.modeRam = 51;
    this.selectFrames = 1;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 46, 45, 44);
    let reward = score - this.score;
    if (reward < 0) reward = SCORE_WRAP - this.score + score;
    this.reward = reward;
    this.score = score;
    this.terminal = (m.readRam(63) & 0x80) != 0;
    this.livesValue = <i32>m.readRam(57) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
