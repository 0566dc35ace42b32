import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, bcdScore } from "./game";

export class UpNDown extends Game {
  constructor() {
    super();
    this.romId = "up_n_down";
    this.md5 = "a499d720e7ee35c62424de882a3351b6";
    this.props.yStart = 30;
    this.minimalActions = [0, 1, 2, 5, 10, 13];
    this.difficulties = [0, 1, 2, 3];
    this.startingActions = [FIRE];
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 2, 1, 0);
    this.reward = score - this.score;
    this.score = score;
    const livesLeft = <i32>m.readRam(6) & 0x0f;
    // RAM[20] is the death timer.
    this.terminal = m.readRam(20) > 0x40 && livesLeft == 0;
    this.livesValue = livesLeft + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
