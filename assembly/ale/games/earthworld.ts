import { Machine } from "../../machine";
import { Game, bcd, bcdScore } from "./game";

export class Earthworld extends Game {
  constructor() {
    super();
    this.romId = "earthworld";
    this.md5 = "5aea9974b975a6a844e6df10d2b861c4";
  }

  step(m: Machine): void {
    const score = bcdScore(m, 39, -1, -1);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = bcd(m.readRam(39)) == 10;
  }
}
