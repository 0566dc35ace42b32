import { Machine } from "../../machine";
import { Game } from "./game";

export class Defender extends Game {
  constructor() {
    super();
    this.romId = "defender";
    this.md5 = "0f643c34e40e3f1daafd9c524d3ffe64";
    this.modes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 16];
    this.defaultMode = 1;
    this.difficulties = [0, 1];
    this.modeRam = 27;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  // Six digits in the low nibbles of RAM[28] (units) to RAM[33]; a nibble
  // of 0xA is a blank and counts as 0.
  step(m: Machine): void {
    let score = 0;
    let weight = 1;
    for (let i = 28; i <= 33; i++) {
      const digit = <i32>m.readRam(i) & 0x0f;
      if (digit != 0xa) score += weight * digit;
      weight *= 10;
    }
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(66);
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
