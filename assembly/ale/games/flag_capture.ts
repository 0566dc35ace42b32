import { Machine } from "../../machine";
import { Game, bcd, bcdScore } from "./game";

export class FlagCapture extends Game {
  constructor() {
    super();
    this.romId = "flag_capture";
    this.md5 = "30512e0e83903fc05541d2f6a6a62654";
    this.modes = [8, 9, 10];
    this.defaultMode = 8;
    this.modeRam = 86;
    this.selectFrames = 2;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 106, -1, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = bcd(m.readRam(107)) == 0;
  }
}
