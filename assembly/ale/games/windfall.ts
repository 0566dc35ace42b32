// Windfall, the project's built-in cartridge (cart/windfall.asm). Its RAM
// layout and rules are listed in cart/windfall.game.json.

import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

const SCORE_LOW: i32 = 12;
const SCORE_HIGH: i32 = 11;
const LIVES: i32 = 13;
const START_LIVES: i32 = 3;

export class Windfall extends Game {
  constructor() {
    super();
    this.romId = "windfall";
    // Must equal the md5 of cart/windfall.bin; a test checks it.
    this.md5 = "ab91010dc1d9d33737b1ecbc4e4df57c";
    this.minimalActions = [0, 2, 3, 4, 5, 6, 7, 8, 9];
  }

  reset(): void {
    super.reset();
    this.livesValue = START_LIVES;
  }

  // Reward is the score difference; the game ends when the lives byte,
  // which the game counts down from 3, reaches 0.
  step(m: Machine): void {
    const score = bcdScore(m, SCORE_LOW, SCORE_HIGH, -1);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = <i32>m.readRam(LIVES);
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
