import { Machine } from "../../machine";
import { Game, bcd } from "./game";

const TIMER_EXPIRED: i32 = 255;

export class Hangman extends Game {
  constructor() {
    super();
    this.romId = "hangman";
    this.md5 = "f16c709df0a6c52f47ff52b9d95b7d8d";
    this.modes = [0, 1, 2, 3];
    this.difficulties = [0, 1];
    this.modeRam = 110;
    this.selectFrames = 2;
  }

  // `score` is the player's points, `memo` the computer's and `memo2`
  // the previous timer byte (-1 after a reset).
  reset(): void {
    super.reset();
    this.memo2 = -1;
  }

  step(m: Machine): void {
    const player = bcd(m.readRam(107));
    const computer = bcd(m.readRam(108));
    this.reward = player - this.score - (computer - this.memo);
    this.score = player;
    this.memo = computer;
    const timer = <i32>m.readRam(113);
    const timedOut = timer == 0 && this.memo2 == TIMER_EXPIRED;
    this.memo2 = timer;
    this.terminal = this.reward != 0 || timedOut;
  }
}
