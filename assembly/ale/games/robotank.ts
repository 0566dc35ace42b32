import { Machine } from "../../machine";
import { Game } from "./game";

const TANKS_PER_SQUADRON: i32 = 12;

export class Robotank extends Game {
  constructor() {
    super();
    this.romId = "robotank";
    this.md5 = "4f618c2429138e0280969193ed6c107e";
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = <i32>m.readRam(54) * TANKS_PER_SQUADRON + <i32>m.readRam(53);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(40);
    this.terminal = livesByte == 0 && m.readRam(52) == 0xff;
    this.livesValue = (<i32>livesByte & 0x0f) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
