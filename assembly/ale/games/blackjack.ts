import { Machine } from "../../machine";
import { Controller } from "../properties";
import { Game, bcd } from "./game";

const WINNING_CHIPS: i32 = 1000;

export class Blackjack extends Game {
  constructor() {
    super();
    this.romId = "blackjack";
    this.md5 = "0a981c03204ac2b278ba392674682560";
    this.props.leftController = Controller.Paddles;
    this.paddleMax = 795000;
    this.minimalActions = [0, 1, 2, 5];
    this.difficulties = [0, 1, 2, 3];
  }

  // RAM[6] == 0x0B and RAM[9] == 0xBB mark a bust.
  step(m: Machine): void {
    const high = m.readRam(6);
    const low = m.readRam(9);
    const bust = high == 0x0b && low == 0xbb;
    const score = bust ? 0 : bcd(low) + 100 * bcd(high);
    this.reward = score - this.score;
    this.score = score;
    this.terminal = bust || score >= WINNING_CHIPS;
  }
}
