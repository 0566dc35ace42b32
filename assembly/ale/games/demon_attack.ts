import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

export class DemonAttack extends Game {
  constructor() {
    super();
    this.romId = "demon_attack";
    this.md5 = "f0e0addc07971561ab80d9abe1b8d333";
    this.minimalActions = [0, 1, 3, 4, 11, 12];
    this.modes = [1, 3, 5, 7];
    this.defaultMode = 1;
    this.difficulties = [0, 1];
    this.modeRam = 106;
    this.selectFrames = 1;
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    // Power-on RAM can hold this pattern in the score bytes; ALE reads it
    // as a score of 0.
    const uninitialised =
      m.readRam(1) == 0xab && m.readRam(3) == 0xcd && m.readRam(5) == 0xea;
    const score = uninitialised ? 0 : bcdScore(m, 5, 3, 1);
    this.reward = score - this.score;
    this.score = score;

    // `flag` is the level-change marker of the mode routine: it masks the
    // terminal test for one frame.
    const livesByte = m.readRam(114);
    this.terminal = livesByte == 0 && m.readRam(113) == 0xbd && !this.flag;
    this.livesValue = <i32>livesByte + 1;
    this.flag = false;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  setMode(driver: ModeDriver, mode: i32): void {
    this.pressSelectUntil(driver, this.modeRam, mode, this.selectFrames);
    this.flag = true;
    driver.softReset();
  }
}
