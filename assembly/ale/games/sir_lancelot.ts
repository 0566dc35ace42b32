import { Machine } from "../../machine";
import { LEFT, RESET } from "../actions";
import { Game, bcdScore } from "./game";

export class SirLancelot extends Game {
  constructor() {
    super();
    this.romId = "sir_lancelot";
    this.md5 = "dd0cbe5351551a538414fb9e37fc56e8";
    this.minimalActions = [0, 1, 3, 4, 11, 12];
    this.startingActions = [RESET, LEFT];
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 32, 31, 30);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(41);
    this.terminal = this.livesValue == 0 && m.readRam(39) == 0xa0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
