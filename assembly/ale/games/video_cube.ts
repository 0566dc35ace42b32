import { Machine } from "../../machine";
import { FIRE, NOOP, RIGHT } from "../actions";
import { StateReader, StateWriter } from "../../state";
import { Game, ModeDriver, bcd } from "./game";

const FACES: i32 = 6;
const FACE_SIZE: i32 = 9;
const FIRST_FACE_RAM: i32 = 32;
const TIMER_EXPIRED: i32 = 255;
// RAM[123] & 0x1F for variants 0, 1 and 2.
const VARIANT_CODES: StaticArray<i32> = [0, 2, 8];
const MAX_SELECT_PRESSES: i32 = 256;
// ALE steps without a limit; about 16 act() frames per cube number were seen, so
// cube 50 needs about 800. The limit only stops a loop that would never end.
const MAX_CUBE_STEPS: i32 = 4096;

export class VideoCube extends Game {
  /** Cube number; 1 after reset(), changed by setMode. */
  cube: i32 = 1;
  /**
   * Timer byte of the previous frame. reset() keeps it, as in ALE, where
   * it starts as uninitialised memory (0 here).
   */
  previousTimer: i32 = 0;

  constructor() {
    super();
    this.romId = "video_cube";
    this.md5 = "3f540a30fdee0b20aed7288e4a5ea528";
    const modes = new StaticArray<i32>(153);
    for (let cube = 0; cube <= 50; cube++) {
      for (let variant = 0; variant < 3; variant++) {
        modes[cube * 3 + variant] = cube * 100 + variant;
      }
    }
    this.modes = modes;
    this.difficulties = [0, 1];
    this.selectFrames = 2;
    const starting = new StaticArray<i32>(64);
    for (let i = 0; i < 64; i++) starting[i] = NOOP;
    starting[61] = FIRE;
    this.startingActions = starting;
  }

  reset(): void {
    super.reset();
    this.cube = 1;
  }

  save(writer: StateWriter): void {
    super.save(writer);
    writer.i32(this.cube);
    writer.i32(this.previousTimer);
  }

  load(reader: StateReader): void {
    super.load(reader);
    this.cube = reader.i32();
    this.previousTimer = reader.i32();
  }

  // `memo` is the number of complete faces last seen.
  step(m: Machine): void {
    let complete = 0;
    for (let face = 0; face < FACES; face++) {
      const start = FIRST_FACE_RAM + face * FACE_SIZE;
      const colour = m.readRam(start);
      let same = true;
      for (let i = 1; i < FACE_SIZE; i++) {
        if (m.readRam(start + i) != colour) same = false;
      }
      if (same) complete++;
    }
    const timer = <i32>m.readRam(91);
    const timedOut = timer == 0 && this.previousTimer == TIMER_EXPIRED;
    this.previousTimer = timer;
    this.reward = timedOut ? -1 : complete - this.memo;
    this.memo = complete;
    this.terminal = timedOut || complete == FACES;
  }

  // Mode = cube * 100 + variant: SELECT picks the variant, then act(RIGHT)
  // steps the cube number.
  setMode(driver: ModeDriver, mode: i32): void {
    const code = VARIANT_CODES[mode % 100];
    for (let presses = 0; presses < MAX_SELECT_PRESSES; presses++) {
      if ((<i32>driver.readRam(123) & 0x1f) == code) break;
      driver.pressSelect(this.selectFrames);
    }
    driver.softReset();
    if (mode >= 100) this.cube = mode / 100;
    for (let i = 0; i < MAX_CUBE_STEPS; i++) {
      if (bcd(driver.readRam(31)) == this.cube) break;
      driver.act(RIGHT, 1);
    }
  }
}
