import { Machine } from "../../machine";
import { Game, bcd } from "./game";

// A knock-out shows as this raw byte and counts as 100 points.
const KNOCKOUT_BYTE: u8 = 0xc0;
const KNOCKOUT_POINTS: i32 = 100;

function points(raw: u8): i32 {
  return raw == KNOCKOUT_BYTE ? KNOCKOUT_POINTS : bcd(raw);
}

export class Boxing extends Game {
  constructor() {
    super();
    this.romId = "boxing";
    this.md5 = "c3ef5c4653212088eda54dc91d787870";
    this.difficulties = [0, 1, 2, 3];
  }

  step(m: Machine): void {
    const mine = points(m.readRam(18));
    const theirs = points(m.readRam(19));
    const score = mine - theirs;
    this.reward = score - this.score;
    this.score = score;

    const knockout = mine == KNOCKOUT_POINTS || theirs == KNOCKOUT_POINTS;
    const minutes = <i32>m.readRam(16) >> 4;
    const seconds = bcd(m.readRam(17));
    this.terminal = knockout || (minutes == 0 && seconds == 0);
  }

  lives(): i32 {
    return 0;
  }
}
