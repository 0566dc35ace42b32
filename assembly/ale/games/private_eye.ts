import { Machine } from "../../machine";
import { UP } from "../actions";
import { Game, bcdScore } from "./game";

export class PrivateEye extends Game {
  constructor() {
    super();
    this.romId = "private_eye";
    this.md5 = "ef3a4f64b6494ba770862768caf04b86";
    this.modes = [0, 1, 2, 3, 4];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 0;
    this.selectFrames = 2;
    this.startingActions = [UP];
  }

  reset(): void {
    super.reset();
    this.score = 1000;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 74, 73, 72);
    this.reward = score - this.score;
    this.score = score;
    const clock = m.readRam(66);
    this.terminal = clock != 0 && clock != 1;
  }

  lives(): i32 {
    return 0;
  }
}
