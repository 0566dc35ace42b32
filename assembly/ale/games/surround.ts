import { Machine } from "../../machine";
import { Game, ModeDriver, bcd } from "./game";

const WINNING_POINTS: i32 = 10;

export class Surround extends Game {
  constructor() {
    super();
    this.romId = "surround";
    this.md5 = "4d7517ae69f95cfbc053be01312b7dba";
    this.props.swapPorts = true;
    this.minimalActions = [0, 2, 3, 4, 5];
    this.modes = [0, 2];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 121;
    this.selectFrames = 2;
  }

  step(m: Machine): void {
    const opponent = bcd(m.readRam(118));
    const player = bcd(m.readRam(119));
    const score = player - opponent;
    this.reward = score - this.score;
    this.score = score;
    this.terminal = opponent == WINNING_POINTS || player == WINNING_POINTS;
  }

  // The game numbers its variations from 1.
  setMode(driver: ModeDriver, mode: i32): void {
    this.pressSelectUntil(driver, this.modeRam, mode + 1, this.selectFrames);
    driver.softReset();
  }
}
