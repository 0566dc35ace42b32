import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, ModeDriver, bcdScore } from "./game";

// One long SELECT press opens the game-number display first.
const FIRST_PRESS_FRAMES: i32 = 20;

export class AirRaid extends Game {
  constructor() {
    super();
    this.romId = "air_raid";
    this.md5 = "35be55426c1fec32dfb503b4f0651572";
    this.minimalActions = [0, 1, 3, 4, 11, 12];
    this.modes = [1, 2, 3, 4, 5, 6, 7, 8];
    this.defaultMode = 1;
    this.modeRam = 42;
    this.selectFrames = 10;
    this.startingActions = [FIRE];
  }

  step(m: Machine): void {
    const score = bcdScore(m, 42, 41, 40);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(39) == 0xff;
  }

  setMode(driver: ModeDriver, mode: i32): void {
    driver.pressSelect(FIRST_PRESS_FRAMES);
    super.setMode(driver, mode);
  }
}
