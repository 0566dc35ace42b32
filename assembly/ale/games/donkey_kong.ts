import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class DonkeyKong extends Game {
  constructor() {
    super();
    this.romId = "donkey_kong";
    this.md5 = "36b20c427975760cb9cf4a47e41369e4";
  }

  reset(): void {
    super.reset();
    this.livesValue = 2;
  }

  step(m: Machine): void {
    const score = 100 * bcdScore(m, 8, 7, -1);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(35);
    this.terminal =
      this.livesValue == 0 && m.readRam(15) == 0x03 && m.readRam(11) == 0x1f;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
