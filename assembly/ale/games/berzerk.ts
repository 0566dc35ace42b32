import { Machine } from "../../machine";
import { NOOP } from "../actions";
import { Game, ModeDriver, bcdScore } from "./game";

// ALE lets the game run this many act() frames before reading the mode.
const SETTLE_FRAMES: i32 = 20;

export class Berzerk extends Game {
  constructor() {
    super();
    this.romId = "berzerk";
    this.md5 = "136f75c4dd02c29283752b7e5799f978";
    this.modes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 18];
    this.defaultMode = 1;
    this.modeRam = 0;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 95, 94, 93);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(90);
    this.terminal = livesByte == 0xff;
    this.livesValue = <i32>livesByte + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  setMode(driver: ModeDriver, mode: i32): void {
    for (let i = 0; i < SETTLE_FRAMES; i++) driver.act(NOOP, 1);
    super.setMode(driver, mode);
  }
}
