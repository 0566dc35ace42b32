import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

// The frame counter passes this value after the tenth frame.
const LAST_FRAME: u8 = 0x10;

export class Bowling extends Game {
  constructor() {
    super();
    this.romId = "bowling";
    this.md5 = "c9b7afad3bfd922e006a6bfc1d4f3fe7";
    this.minimalActions = [0, 1, 2, 5, 10, 13];
    this.modes = [0, 2, 4];
    this.difficulties = [0, 1];
    this.modeRam = 2;
    this.selectFrames = 2;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 33, 38, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(36) > LAST_FRAME;
  }

  lives(): i32 {
    return 0;
  }
}
