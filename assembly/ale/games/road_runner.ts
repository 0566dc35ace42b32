import { Machine } from "../../machine";
import { Game } from "./game";

export class RoadRunner extends Game {
  constructor() {
    super();
    this.romId = "road_runner";
    this.md5 = "ce5cc62608be2cd3ed8abd844efb8919";
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  // Four digits in the low nibbles of RAM[73] (units) to RAM[76]; 0xA is a
  // blank and counts as 0.
  step(m: Machine): void {
    let digits = 0;
    let weight = 1;
    for (let i = 73; i <= 76; i++) {
      const digit = <i32>m.readRam(i) & 0x0f;
      if (digit != 0xa) digits += weight * digit;
      weight *= 10;
    }
    const score = 100 * digits;
    this.reward = score - this.score;
    this.score = score;
    const livesLeft = <i32>m.readRam(68) & 7;
    this.terminal = livesLeft == 0 && (m.readRam(57) != 0 || m.readRam(61) != 0);
    this.livesValue = livesLeft + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
