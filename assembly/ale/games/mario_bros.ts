import { Machine } from "../../machine";
import { FIRE, NOOP } from "../actions";
import { Game, bcdScore } from "./game";

export class MarioBros extends Game {
  constructor() {
    super();
    this.romId = "mario_bros";
    this.md5 = "e908611d99890733be31733a979c62d8";
    this.modes = [0, 2, 4, 6];
    this.modeRam = 0;
    this.selectFrames = 5;
    const starting = new StaticArray<i32>(17);
    for (let i = 0; i < 17; i++) starting[i] = i < 10 ? NOOP : FIRE;
    this.startingActions = starting;
  }

  step(m: Machine): void {
    const score = 100 * bcdScore(m, 10, 9, -1);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(7);
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
