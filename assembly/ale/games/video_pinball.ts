import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class VideoPinball extends Game {
  constructor() {
    super();
    this.romId = "video_pinball";
    this.md5 = "107cc025334211e6d29da0b6be46aec7";
    this.minimalActions = [0, 1, 2, 3, 4, 5, 10, 11, 12];
    this.modes = [0, 2];
    this.difficulties = [0, 1];
    this.modeRam = 65;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 48, 50, 52);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = (m.readRam(47) & 1) != 0;
    // Ball number and the extra-ball flag.
    const extraBall = <i32>m.readRam(40) & 1;
    this.livesValue = 4 + extraBall - (<i32>m.readRam(25) & 7);
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
