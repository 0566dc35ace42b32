import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, bcdScore } from "./game";

// The starting cash appears as one jump of exactly this many points.
const STARTING_CASH: i32 = 50000;

export class JourneyEscape extends Game {
  constructor() {
    super();
    this.romId = "journey_escape";
    this.md5 = "718ae62c70af4e5fd8e932fee216948a";
    this.props.height = 230;
    this.minimalActions = [0, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17];
    this.difficulties = [0, 1];
    this.startingActions = [FIRE];
  }

  step(m: Machine): void {
    const score = bcdScore(m, 18, 17, 16);
    const reward = score - this.score;
    this.reward = reward == STARTING_CASH ? 0 : reward;
    this.score = score;
    this.terminal = m.readRam(21) == 0 && m.readRam(22) == 0;
  }

  lives(): i32 {
    return 0;
  }
}
