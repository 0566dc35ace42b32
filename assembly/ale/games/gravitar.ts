import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, bcdScore } from "./game";

export class Gravitar extends Game {
  constructor() {
    super();
    this.romId = "gravitar";
    this.md5 = "8ac18076d01a6b63acf6e2cab4968940";
    this.modes = [0, 1, 2, 3, 4];
    this.modeRam = 0;
    this.selectFrames = 10;
    const starting = new StaticArray<i32>(16);
    for (let i = 0; i < 16; i++) starting[i] = FIRE;
    this.startingActions = starting;
  }

  reset(): void {
    super.reset();
    this.livesValue = 6;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 9, 8, 7);
    this.reward = score - this.score;
    this.score = score;
    const state = m.readRam(1);
    this.terminal = state == 0x01;
    this.livesValue = state == 0 ? 6 : <i32>m.readRam(4) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
