import { Machine } from "../../machine";
import { UP } from "../actions";
import { Game, bcdScore } from "./game";

export class Pitfall extends Game {
  constructor() {
    super();
    this.romId = "pitfall";
    this.md5 = "3e90cf23106f2e08b2781e41299de556";
    this.startingActions = [UP];
  }

  reset(): void {
    super.reset();
    this.score = 2000;
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 87, 86, 85);
    this.reward = score - this.score;
    this.score = score;

    // The high nibble of the lives byte is a tally: 0xA, 0x8 or less.
    const tally = <i32>m.readRam(0) >> 4;
    this.terminal = tally == 0 && m.readRam(30) != 0;
    if (tally == 0xa) this.livesValue = 3;
    else if (tally == 0x8) this.livesValue = 2;
    else this.livesValue = 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
