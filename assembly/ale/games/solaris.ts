import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class Solaris extends Game {
  constructor() {
    super();
    this.romId = "solaris";
    this.md5 = "e72eb8d4410152bdcb69e7fba327b420";
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = 10 * bcdScore(m, 92, 93, 94);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(89);
    this.terminal = livesByte == 0;
    this.livesValue = <i32>livesByte & 0x0f;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
