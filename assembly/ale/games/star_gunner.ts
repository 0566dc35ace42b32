import { Machine } from "../../machine";
import { Game } from "./game";

const STARTING_LIVES: u8 = 5;

export class StarGunner extends Game {
  constructor() {
    super();
    this.romId = "star_gunner";
    this.md5 = "a3c1c70024d7aabb41381adbfb6d3b25";
    this.modes = [0, 1, 2, 3];
    this.modeRam = 116;
    this.selectFrames = 15;
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  // Four digits in the low nibbles of RAM[3] (units) to RAM[6]; 0xA is a
  // blank. `flag` is ALE's "started" marker: set once RAM[7] reads 5.
  step(m: Machine): void {
    let digits = 0;
    let weight = 1;
    for (let i = 3; i <= 6; i++) {
      const digit = <i32>m.readRam(i) & 0x0f;
      if (digit != 0xa) digits += weight * digit;
      weight *= 10;
    }
    const score = 100 * digits;
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(7);
    this.terminal = livesByte == 0;
    if (livesByte == STARTING_LIVES) this.flag = true;
    this.livesValue = this.flag ? <i32>livesByte & 0x0f : 5;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
