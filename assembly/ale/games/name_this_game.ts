import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class NameThisGame extends Game {
  constructor() {
    super();
    this.romId = "name_this_game";
    this.md5 = "36306070f0c90a72461551a7a4f3a209";
    this.minimalActions = [0, 1, 3, 4, 11, 12];
    this.modes = [8, 24, 40];
    this.defaultMode = 8;
    this.difficulties = [0, 1];
    this.modeRam = 94;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 70, 69, 68);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = <i32>m.readRam(71) & 7;
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
