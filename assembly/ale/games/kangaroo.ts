import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

export class Kangaroo extends Game {
  constructor() {
    super();
    this.romId = "kangaroo";
    this.md5 = "4326edb70ff20d0ee5ba58fa5cb09d60";
    this.modes = [0, 1];
    this.modeRam = 58;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = 100 * bcdScore(m, 40, 39, -1);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(45);
    this.terminal = livesByte == 0xff;
    this.livesValue = (<i32>livesByte & 7) + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // Bit 7 of the mode byte may be set.
  setMode(driver: ModeDriver, mode: i32): void {
    this.pressSelectUntil(driver, this.modeRam, mode, this.selectFrames, mode + 0x80);
    driver.softReset();
  }
}
