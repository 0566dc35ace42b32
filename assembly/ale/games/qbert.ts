import { Machine } from "../../machine";
import { Game, bcdScore, signedRam } from "./game";

export class Qbert extends Game {
  constructor() {
    super();
    this.romId = "qbert";
    this.md5 = "484b0076816a104875e00467d431c2d2";
    this.props.yStart = 40;
    this.minimalActions = [0, 1, 2, 3, 4, 5];
    this.difficulties = [0, 1];
  }

  // `memo` is the previous frame's lives byte as a signed value.
  reset(): void {
    super.reset();
    this.livesValue = 4;
    this.memo = 2;
  }

  step(m: Machine): void {
    // The lives byte counts 2, 1, 0 and reads 0xFE after the last death;
    // a death and a restart in the same frame shows as -1 then 2.
    const livesByte = signedRam(m, 8);
    this.terminal = livesByte == -2 || (livesByte == 2 && this.memo == -1);
    if (livesByte == this.memo - 1) this.livesValue--;
    this.memo = livesByte;

    // A restart clears the score; that drop is not paid out.
    if (this.terminal) {
      this.reward = 0;
      return;
    }
    const score = bcdScore(m, 91, 90, 89);
    this.reward = score - this.score;
    this.score = score;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
