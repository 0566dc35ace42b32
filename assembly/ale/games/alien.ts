import { Machine } from "../../machine";
import { Game } from "./game";

// Score digits are stored as 8 * digit, least significant first; 0x80 is
// a blank digit.
const DIGIT_RAM: StaticArray<i32> = [11, 9, 7, 5, 3];
const BLANK_DIGIT: u8 = 0x80;

export class Alien extends Game {
  constructor() {
    super();
    this.romId = "alien";
    this.md5 = "f1a0a23e6464d954e3a9579c4ccd01c8";
    this.modes = [0, 1, 2, 3];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 1;
    this.selectFrames = 1;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    let score = 0;
    let weight = 10;
    for (let i = 0; i < DIGIT_RAM.length; i++) {
      const raw = m.readRam(DIGIT_RAM[i]);
      if (raw != BLANK_DIGIT) score += weight * (<i32>raw >> 3);
      weight *= 10;
    }
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = <i32>m.readRam(64) & 0x0f;
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesValue;
  }
}
