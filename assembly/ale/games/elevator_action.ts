import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, bcdScore } from "./game";

export class ElevatorAction extends Game {
  constructor() {
    super();
    this.romId = "elevator_action";
    this.md5 = "71f8bacfbdca019113f3f0801849057e";
    const starting = new StaticArray<i32>(16);
    for (let i = 0; i < 16; i++) starting[i] = FIRE;
    this.startingActions = starting;
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 9, 8, 7);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(3);
    // RAM[1] is 0 on the start screen.
    this.terminal = this.livesValue == 0 && m.readRam(1) != 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
