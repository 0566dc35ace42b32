import { Machine } from "../../machine";
import { Game, bcd } from "./game";

// Room pointer of the Daily Planet, where Clark Kent ends the game.
const FINAL_ROOM: i32 = 0xf2ac;
const CLARK_KENT: u8 = 0x40;
// 99:59, the clock's maximum, in seconds.
const MAX_SECONDS: i32 = 5999;

export class Superman extends Game {
  constructor() {
    super();
    this.romId = "superman";
    this.md5 = "a9531c763077464307086ec9a1fd057d";
    this.difficulties = [0, 1, 2, 3];
  }

  step(m: Machine): void {
    const room = <i32>m.readRam(0) + 256 * <i32>m.readRam(1);
    this.terminal = (m.readRam(31) & CLARK_KENT) != 0 && room == FINAL_ROOM;
    this.reward = 0;
    if (this.terminal) {
      const seconds = bcd(m.readRam(99)) * 60 + bcd(m.readRam(98));
      this.reward = MAX_SECONDS - seconds;
    }
  }
}
