import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class BankHeist extends Game {
  constructor() {
    super();
    this.romId = "bank_heist";
    this.md5 = "00ce0bdd43aed84a983bef38fe7f5ee3";
    this.modes = [0, 4, 8, 12, 16, 20, 24, 28];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 0;
    this.selectFrames = 1;
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 90, 89, 88);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(85);
    // RAM[78] is the death timer.
    this.terminal = m.readRam(78) == 1 && this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
