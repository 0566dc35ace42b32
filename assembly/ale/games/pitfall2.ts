import { Machine } from "../../machine";
import { UP } from "../actions";
import { Game, bcdScore } from "./game";

const STARTING_SCORE: i32 = 4000;
const MAX_SCORE: i32 = 199000;

export class Pitfall2 extends Game {
  constructor() {
    super();
    this.romId = "pitfall2";
    this.md5 = "6d842c96d5a01967be9680080dd5be54";
    this.startingActions = [UP];
  }

  reset(): void {
    super.reset();
    this.score = STARTING_SCORE;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 73, 72, 71);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = score == MAX_SCORE;
  }
}
