import { Machine } from "../../machine";
import { FIRE } from "../actions";
import { Game, bcd } from "./game";

export class Turmoil extends Game {
  constructor() {
    super();
    this.romId = "turmoil";
    this.md5 = "7a5463545dfb2dcfdafa6074b2f2c15e";
    this.minimalActions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12];
    this.modes = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    this.modeRam = 106;
    this.selectFrames = 2;
    this.startingActions = [FIRE];
  }

  reset(): void {
    super.reset();
    this.livesValue = 4;
  }

  // RAM[83] is added as a plain byte.
  step(m: Machine): void {
    const tens = bcd(m.readRam(9)) + 100 * bcd(m.readRam(10)) + <i32>m.readRam(83);
    const score = 10 * tens;
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(57);
    this.terminal = this.livesValue == 0 && m.readRam(69) == 0x01;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
