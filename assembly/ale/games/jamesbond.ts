import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

const MODE_DISPLAY_OFFSET: i32 = 0x48;

export class Jamesbond extends Game {
  constructor() {
    super();
    this.romId = "jamesbond";
    this.md5 = "e51030251e440cffaab1ac63438b44ae";
    this.modes = [0, 1];
    this.modeRam = 12;
    this.selectFrames = 20;
  }

  reset(): void {
    super.reset();
    this.livesValue = 6;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 92, 93, 94);
    this.reward = score - this.score;
    this.score = score;
    const livesLeft = <i32>m.readRam(6) & 0x0f;
    this.terminal = livesLeft == 0 && m.readRam(12) == 0x68;
    this.livesValue = livesLeft + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  setMode(driver: ModeDriver, mode: i32): void {
    this.pressSelectUntil(
      driver,
      this.modeRam,
      mode,
      this.selectFrames,
      mode + MODE_DISPLAY_OFFSET,
    );
    driver.softReset();
  }
}
