import { Machine } from "../../machine";
import { FIRE, NOOP } from "../actions";
import { Game, bcd, signedRam } from "./game";

const WAIT_FRAMES: i32 = 486;
const WINNING_SCORE: i32 = 3;

export class WordZapper extends Game {
  constructor() {
    super();
    this.romId = "word_zapper";
    this.md5 = "ec3beb6d8b5689e867bafb5d5f507491";
    this.modes = [
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
      20, 21, 22, 23,
    ];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 91;
    this.selectFrames = 2;
    const starting = new StaticArray<i32>(WAIT_FRAMES + 3);
    for (let i = 0; i < WAIT_FRAMES; i++) starting[i] = NOOP;
    starting[WAIT_FRAMES] = FIRE;
    starting[WAIT_FRAMES + 1] = NOOP;
    starting[WAIT_FRAMES + 2] = NOOP;
    this.startingActions = starting;
  }

  // While the clock is stopped nothing is updated, so act() returns the
  // previous frame's reward again.
  step(m: Machine): void {
    if (bcd(m.readRam(79)) <= 0) return;
    const score = 2 - signedRam(m, 92);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = score == WINNING_SCORE || bcd(m.readRam(94)) == 0;
  }
}
