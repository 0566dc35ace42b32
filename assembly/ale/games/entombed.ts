import { Machine } from "../../machine";
import { FIRE, NOOP } from "../actions";
import { Game } from "./game";

export class Entombed extends Game {
  constructor() {
    super();
    this.romId = "entombed";
    this.md5 = "6b683be69f92958abe0e2a9945157ad5";
    this.difficulties = [0, 2];
    this.startingActions = [FIRE, NOOP, NOOP, NOOP, NOOP, NOOP];
  }

  step(m: Machine): void {
    const score = <i32>m.readRam(99);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = (m.readRam(71) & 3) == 0;
  }
}
