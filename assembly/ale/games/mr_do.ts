import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, bcdScore } from "./game";

export class MrDo extends Game {
  constructor() {
    super();
    this.romId = "mr_do";
    this.md5 = "aa7bb54d2c189a31bb1fa20099e42859";
    this.minimalActions = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13];
    this.modes = [0, 1, 2, 3];
    this.modeRam = 0;
    this.selectFrames = 5;
    this.startingActions = [FIRE];
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = 10 * bcdScore(m, 2, 3, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(90) == 0x40;
    this.livesValue = m.readRam(91);
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
