import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Venture extends Game {
  constructor() {
    super();
    this.romId = "venture";
    this.md5 = "3e899eba0ca8cd2972da1ae5479b4f0d";
    this.difficulties = [0, 1, 2, 3];
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = 100 * bcdScore(m, 72, 71, -1);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(70);
    this.terminal =
      livesByte == 0 && m.readRam(77) == 0xff && (m.readRam(63) & 0x80) != 0;
    this.livesValue = (<i32>livesByte & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
