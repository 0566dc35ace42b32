import { Machine } from "../../machine";
import { Game, bcd } from "./game";

const ESCAPED: u8 = 0x44;
const ESCAPE_REWARD: i32 = 100;

export class HauntedHouse extends Game {
  constructor() {
    super();
    this.romId = "haunted_house";
    this.md5 = "f0a6e99f5875891246c3dbecbf2d2cea";
    this.modes = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    this.difficulties = [0, 1];
    this.modeRam = 76;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 9;
  }

  // `memo` is the match count last seen; each match used costs 1.
  step(m: Machine): void {
    let reward = 0;
    const matches = bcd(m.readRam(2));
    if (matches != this.memo) {
      reward -= 1;
      this.memo = matches;
    }
    const escaped = m.readRam(25) == ESCAPED;
    if (escaped) reward += ESCAPE_REWARD;
    this.reward = reward;
    this.livesValue = m.readRam(22);
    this.terminal = this.livesValue == 0 || escaped;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
