import { Machine } from "../../machine";
import { FIRE, JOYSTICK_ACTION_COUNT, actionPresses, PRESS_FIRE } from "../actions";
import { Game, ModeDriver, bcdScore } from "./game";

export class LostLuggage extends Game {
  constructor() {
    super();
    this.romId = "lost_luggage";
    this.md5 = "2d76c5d1aad506442b9e9fb67765e051";
    this.minimalActions = [0, 2, 3, 4, 5, 6, 7, 8, 9];
    this.modes = [0, 1];
    this.difficulties = [0, 1];
    this.modeRam = 20;
    this.selectFrames = 2;
    this.startingActions = [FIRE];
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    const score = bcdScore(m, 22, 21, 20);
    this.reward = score - this.score;
    this.score = score;
    this.livesValue = m.readRam(74);
    this.terminal =
      this.livesValue == 0 &&
      m.readRam(72) == 0x0a &&
      m.readRam(37) == 0 &&
      m.readRam(41) == 0;
  }

  lives(): i32 {
    return this.livesOrZero();
  }

  // Every FIRE action is illegal for this game.
  isLegal(action: i32): bool {
    if (action < 0 || action >= JOYSTICK_ACTION_COUNT) return false;
    return (actionPresses(action) & PRESS_FIRE) == 0;
  }

  // The game numbers its variations 1 and 4.
  setMode(driver: ModeDriver, mode: i32): void {
    this.pressSelectUntil(driver, this.modeRam, 1 + 3 * mode, this.selectFrames);
    driver.softReset();
  }
}
