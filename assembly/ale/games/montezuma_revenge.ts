import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class MontezumaRevenge extends Game {
  constructor() {
    super();
    this.romId = "montezuma_revenge";
    this.md5 = "3347a6dd59049b15a38394aa2dafa585";
  }

  reset(): void {
    super.reset();
    this.livesValue = 6;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 21, 20, 19);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(58);
    this.terminal = livesByte == 0 && m.readRam(126) == 0x60;
    this.livesValue = (<i32>livesByte & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
