import { Machine } from "../../machine";
import { Game, ModeDriver, bcdScore } from "./game";

const MAX_SELECT_PRESSES: i32 = 256;

export class Pacman extends Game {
  constructor() {
    super();
    this.romId = "pacman";
    this.md5 = "fc2233fc116faef0d3c31541717ca2db";
    this.minimalActions = [0, 2, 3, 4, 5];
    this.modes = [0, 1, 2, 3, 4, 5, 6, 7];
    this.difficulties = [0, 1];
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 76, 78, 80);
    this.reward = score - this.score;
    this.score = score;
    const livesByte = m.readRam(24);
    this.terminal = livesByte == 0 && m.readRam(100) == 0x3f;
    this.livesValue = <i32>livesByte + 1;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // The mode is RAM[76] - 1 (8-bit); RAM[102] == 0 selects one player.
  setMode(driver: ModeDriver, mode: i32): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      const current = (<i32>driver.readRam(76) - 1) & 0xff;
      if (current == mode && driver.readRam(102) == 0) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
  }
}
