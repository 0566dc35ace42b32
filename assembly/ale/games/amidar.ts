import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Amidar extends Game {
  constructor() {
    super();
    this.romId = "amidar";
    this.md5 = "acb7750b4d0c4bd34969802a7deb2990";
    this.props.leftDifficultyA = true;
    this.props.rightDifficultyA = true;
    this.minimalActions = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13];
    this.difficulties = [0, 3];
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 89, 90, 91);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(86);
    this.terminal = livesByte == 0x80;
    this.livesValue = <i32>livesByte & 0x0f;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
