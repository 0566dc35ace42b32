import { Machine } from "../../machine";
import { NOOP } from "../actions";
import { Game, bcd } from "./game";

const WAIT_FRAMES: i32 = 486;

export class Darkchambers extends Game {
  constructor() {
    super();
    this.romId = "darkchambers";
    this.md5 = "106855474c69d08c8ffa308d47337269";
    this.props.hmoveBlanks = false;
    const starting = new StaticArray<i32>(WAIT_FRAMES);
    for (let i = 0; i < WAIT_FRAMES; i++) starting[i] = NOOP;
    this.startingActions = starting;
  }

  // `memo` is the level last seen. A level or score that drops ends the
  // episode; the terminal flag stays set until reset().
  step(m: Machine): void {
    this.reward = 0;
    const level = <i32>m.readRam(85);
    if (level < this.memo) {
      this.terminal = true;
      return;
    }
    this.memo = level;
    const score = 10 * (bcd(m.readRam(76)) + 100 * bcd(m.readRam(79)));
    if (score < this.score) {
      this.terminal = true;
    } else {
      this.reward = score - this.score;
      this.score = score;
    }
    if ((m.readRam(74) & 0x1f) == 0) this.terminal = true;
  }
}
