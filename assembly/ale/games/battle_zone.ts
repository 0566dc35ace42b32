import { Machine } from "../../machine";
import { Game } from "./game";

// A digit nibble of 0xA is a blank and counts as 0.
function digit(value: i32): i32 {
  return value == 0xa ? 0 : value;
}

export class BattleZone extends Game {
  constructor() {
    super();
    this.romId = "battle_zone";
    this.md5 = "41f252a66c6301f1e8ab3612c19bc5d4";
    this.props.hmoveBlanks = false;
    this.modes = [1, 2, 3];
    this.defaultMode = 1;
    this.modeRam = 33;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  step(m: Machine): void {
    const units = <i32>m.readRam(29) >> 4;
    const tensAndHundreds = <i32>m.readRam(30);
    const score =
      1000 *
      (digit(units) +
        10 * digit(tensAndHundreds & 0x0f) +
        100 * digit(tensAndHundreds >> 4));
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = <i32>m.readRam(58) & 0x0f;
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
