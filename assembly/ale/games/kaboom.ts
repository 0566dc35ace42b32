import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Controller } from "../properties";
import { Game, bcdScore } from "./game";

const MAX_SCORE: i32 = 999999;

export class Kaboom extends Game {
  constructor() {
    super();
    this.romId = "kaboom";
    this.md5 = "5428cdfada281c569c74c7308c7f2c26";
    this.props.leftController = Controller.Paddles;
    this.minimalActions = [0, 1, 3, 4];
    this.startingActions = [FIRE];
  }

  step(m: Machine): void {
    const score = bcdScore(m, 37, 36, 35);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = m.readRam(33) == 0 || score == MAX_SCORE;
  }
}
