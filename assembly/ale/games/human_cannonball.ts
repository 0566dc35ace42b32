import { Machine } from "../../machine";
import { Game, ModeDriver, bcd, bcdScore } from "./game";

const MAX_SELECT_PRESSES: i32 = 256;
const GAME_LENGTH: i32 = 7;

export class HumanCannonball extends Game {
  constructor() {
    super();
    this.romId = "human_cannonball";
    this.md5 = "7972e5101fa548b952d852db24ad6060";
    this.modes = [0, 1, 2, 3, 4, 5, 6, 7];
    this.difficulties = [0, 1];
    this.selectFrames = 2;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 54, -1, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = score == GAME_LENGTH || bcd(m.readRam(55)) == GAME_LENGTH;
  }

  // The mode is RAM[54] - 1 (8-bit); RAM[55] == 1 selects one player.
  setMode(driver: ModeDriver, mode: i32): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      const current = (<i32>driver.readRam(54) - 1) & 0xff;
      if (current == mode && driver.readRam(55) == 1) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
  }
}
