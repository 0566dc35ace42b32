import { Machine } from "../../machine";
import { Game, bcd } from "./game";

const WINNING_RAW: u8 = 0x99;

export class FishingDerby extends Game {
  constructor() {
    super();
    this.romId = "fishing_derby";
    this.md5 = "b8865f05676e64f3bec72b9defdacfa7";
    this.difficulties = [0, 1, 2, 3];
  }

  step(m: Machine): void {
    const player = m.readRam(61);
    const opponent = m.readRam(62);
    const score = bcd(player) - bcd(opponent);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = player == WINNING_RAW || opponent == WINNING_RAW;
  }

  lives(): i32 {
    return 0;
  }
}
