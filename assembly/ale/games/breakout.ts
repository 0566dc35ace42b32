import { Machine } from "../../machine";
import { Controller } from "../properties";
import { Game } from "./game";

// The lives byte reads 5 once a game has started; 0 after that ends it.
const FULL_LIVES: u8 = 5;

export class Breakout extends Game {
  constructor() {
    super();
    this.romId = "breakout";
    this.md5 = "f34f08e5eb96e500e851a80be3277a56";
    this.props.leftController = Controller.Paddles;
    this.minimalActions = [0, 1, 3, 4];
    this.modes = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44];
    this.difficulties = [0, 1];
    this.modeRam = 50;
    this.selectFrames = 1;
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  step(m: Machine): void {
    const low = <i32>m.readRam(77);
    const high = <i32>m.readRam(76);
    const score = (low & 0x0f) + 10 * (low >> 4) + 100 * (high & 0x0f);
    this.reward = score - this.score;
    this.score = score;

    const livesByte = m.readRam(57);
    if (livesByte == FULL_LIVES) this.flag = true;
    this.terminal = this.flag && livesByte == 0;
    this.livesValue = livesByte;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
