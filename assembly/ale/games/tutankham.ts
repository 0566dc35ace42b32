import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Tutankham extends Game {
  constructor() {
    super();
    this.romId = "tutankham";
    this.md5 = "085322bae40d904f53bdcc56df0593fc";
    this.minimalActions = [0, 2, 3, 4, 5, 10, 11, 12];
    this.modes = [0, 4, 8, 12];
    this.modeRam = 43;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 28, 26, -1);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(30);
    this.terminal = livesByte == 0 && m.readRam(1) != 0x84;
    this.livesValue = <i32>livesByte & 3;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
