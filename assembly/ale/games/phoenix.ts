import { Machine } from "../../machine";
import { Game, bcd } from "./game";

export class Phoenix extends Game {
  constructor() {
    super();
    this.romId = "phoenix";
    this.md5 = "7e52a95074a66640fcfde124fffd491a";
    this.minimalActions = [0, 1, 3, 4, 5, 11, 12, 13];
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  // Five digits: BCD RAM[73] and RAM[72], then the high nibble of RAM[71],
  // times 10.
  step(m: Machine): void {
    const upper = bcd(m.readRam(72)) + 100 * bcd(m.readRam(73));
    const score = 10 * (10 * upper + (<i32>m.readRam(71) >> 4));
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(76) == 0x80;
    this.livesValue = <i32>m.readRam(75) & 7;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
