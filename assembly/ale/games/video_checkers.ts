import { Machine } from "../../machine";
import { StateReader, StateWriter } from "../../state";
import { Game, ModeDriver } from "./game";

const FIRST_REVERSE_MODE: i32 = 11;
// RAM value of reverse mode m is m + 6.
const REVERSE_MODE_OFFSET: i32 = 6;

function isBlack(value: u8): bool {
  return value == 0x10 || value == 0x20;
}

function isWhite(value: u8): bool {
  return value == 0x90 || value == 0xa0;
}

export class VideoCheckers extends Game {
  /** Reverse checkers flips the reward; set by setMode only, as in ALE. */
  reverse: bool = false;

  constructor() {
    super();
    this.romId = "video_checkers";
    this.md5 = "539d26b6e9df0da8e7465f0f5ad863b7";
    this.minimalActions = [1, 6, 7, 8, 9];
    this.modes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    this.defaultMode = 1;
    this.modeRam = 118;
    this.selectFrames = 1;
  }

  save(writer: StateWriter): void {
    super.save(writer);
    writer.bool(this.reverse);
  }

  load(reader: StateReader): void {
    super.load(reader);
    this.reverse = reader.bool();
  }

  // The board is RAM[0..34] without bytes 8, 17 and 26. Reward and
  // terminal flag keep their values until reset().
  step(m: Machine): void {
    let black = false;
    let white = false;
    for (let i = 0; i <= 34; i++) {
      if (i == 8 || i == 17 || i == 26) continue;
      const value = m.readRam(i);
      if (isBlack(value)) black = true;
      if (isWhite(value)) white = true;
    }
    const sign = this.reverse ? -1 : 1;
    if (!black) {
      this.reward = -sign;
      this.terminal = true;
    } else if (!white) {
      this.reward = sign;
      this.terminal = true;
    }
  }

  setMode(driver: ModeDriver, mode: i32): void {
    this.reverse = mode >= FIRST_REVERSE_MODE;
    const target = this.reverse ? mode + REVERSE_MODE_OFFSET : mode;
    this.pressSelectUntil(driver, this.modeRam, target, this.selectFrames);
    driver.softReset();
  }
}
