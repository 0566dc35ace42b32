import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Frostbite extends Game {
  constructor() {
    super();
    this.romId = "frostbite";
    this.md5 = "4ca73eb959299471788f0b685c3ba0b5";
    this.modes = [0, 2];
    this.modeRam = 0;
    this.selectFrames = 1;
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 74, 73, 72);
    this.reward = score - this.score;
    this.score = score;
    const livesLeft = <i32>m.readRam(76) & 0x0f;
    this.terminal = livesLeft == 0 && (m.readRam(113) & 0x80) != 0;
    this.livesValue = livesLeft + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
