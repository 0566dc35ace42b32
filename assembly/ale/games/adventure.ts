import { Machine } from "../../machine";
import { NOOP } from "../actions";
import { Game, ModeDriver } from "./game";

// The chalice inside the yellow castle wins; state 2 means eaten.
const CHALICE_IN_CASTLE: u8 = 0x12;
const EATEN: u8 = 2;
const MAX_SELECT_PRESSES: i32 = 256;

export class Adventure extends Game {
  constructor() {
    super();
    this.romId = "adventure";
    this.md5 = "4b27f5397c442d25f0c418ccdacf1926";
    this.modes = [0, 1, 2];
    this.difficulties = [0, 1, 2, 3];
  }

  // The reward and terminal flag are only ever set here; reset() clears them.
  step(m: Machine): void {
    const won = m.readRam(57) == CHALICE_IN_CASTLE;
    if (won) this.reward = 1;
    if (won || m.readRam(96) == EATEN) this.terminal = true;
  }

  lives(): i32 {
    return 1;
  }

  // SELECT presses of random length (from the environment generator), each
  // followed by one act(NOOP), until the mode bits match.
  setMode(driver: ModeDriver, mode: i32): void {
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      if (((<i32>driver.readRam(93) >> 1) & 3) == mode) break;
      const frames = 2 + <i32>(driver.nextRandom() % 256);
      driver.pressSelect(frames);
      driver.act(NOOP, 1);
    }
    driver.softReset();
  }
}
