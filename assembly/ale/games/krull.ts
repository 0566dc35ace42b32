import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Krull extends Game {
  constructor() {
    super();
    this.romId = "krull";
    this.md5 = "4baada22435320d185c95b7dd2bcdb24";
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 30, 29, 28);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(31);
    this.terminal =
      livesByte == 0 && m.readRam(34) == 0x03 && m.readRam(0) == 0x80;
    this.livesValue = (<i32>livesByte & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
