import { Machine } from "../../machine";
import { Game } from "./game";

export class CrazyClimber extends Game {
  constructor() {
    super();
    this.romId = "crazy_climber";
    this.md5 = "55ef7b65066428367844342ed59f956c";
    this.minimalActions = [0, 2, 3, 4, 5, 6, 7, 8, 9];
    this.modes = [0, 1, 2, 3];
    this.difficulties = [0, 1];
    this.modeRam = 0;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 5;
  }

  // One decimal digit per byte, RAM[2] units to RAM[5] thousands.
  step(m: Machine): void {
    const digits =
      <i32>m.readRam(2) +
      10 * <i32>m.readRam(3) +
      100 * <i32>m.readRam(4) +
      1000 * <i32>m.readRam(5);
    const score = 100 * digits;
    const reward = score - this.score;
    this.reward = reward < 0 ? 0 : reward;
    this.score = score;
    this.livesValue = m.readRam(42);
    this.terminal = this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
