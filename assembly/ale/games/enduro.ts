import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, bcd } from "./game";

// Cars to pass on day 1, and on every later day.
const FIRST_DAY_CARS: i32 = 200;
const LATER_DAY_CARS: i32 = 300;

export class Enduro extends Game {
  constructor() {
    super();
    this.romId = "enduro";
    this.md5 = "94b92a882f6dbaa6993a46e2dcc58402";
    this.minimalActions = [0, 1, 3, 4, 5, 8, 9, 11, 12];
    this.startingActions = [FIRE];
  }

  // The score counts cars passed: RAM[45] is the day, RAM[43..44] the cars
  // still to pass that day.
  step(m: Machine): void {
    const day = <i32>m.readRam(45);
    let score = 0;
    if (day != 0) {
      const left = bcd(m.readRam(43)) + 100 * bcd(m.readRam(44));
      if (day == 1) score = FIRST_DAY_CARS - left;
      else score = FIRST_DAY_CARS + (day - 2) * LATER_DAY_CARS + (LATER_DAY_CARS - left);
    }
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(47) == 0xff;
  }

  lives(): i32 {
    return 0;
  }
}
