import { Machine } from "../../machine";
import { RIGHT } from "../actions";
import { Game, bcdScore } from "./game";

export class BeamRider extends Game {
  constructor() {
    super();
    this.romId = "beam_rider";
    this.md5 = "79ab4123a83dc11d468fb2108ea09e2e";
    this.minimalActions = [0, 1, 2, 3, 4, 6, 7, 11, 12];
    this.difficulties = [0, 1];
    this.startingActions = [RIGHT];
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 9, 10, 11);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(5);
    this.terminal = livesByte == 0xff;
    // A lost life counts only once RAM[12] reads 1.
    const candidate = <i32>livesByte + 1;
    if (candidate != this.livesValue - 1 || m.readRam(12) == 1) {
      this.livesValue = candidate;
    }
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
