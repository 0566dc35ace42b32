import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class TimePilot extends Game {
  constructor() {
    super();
    this.romId = "time_pilot";
    this.md5 = "fc2104dd2dadf9a6176c1c1c8f87ced9";
    this.minimalActions = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13];
    this.difficulties = [0, 1, 2];
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  // Lives are read only while the game state (low nibble of RAM[0]) is 2.
  step(m: Machine): void {
    const score = 100 * bcdScore(m, 13, 15, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(32) != 0;
    if ((m.readRam(0) & 0x0f) == 2) this.livesValue = (<i32>m.readRam(11) & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
