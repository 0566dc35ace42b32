import { Machine } from "../../machine";
import { DOWN, JOYSTICK_ACTION_COUNT, PRESS_FIRE, actionPresses } from "../actions";
import { Game, bcd } from "./game";

const CENTISECONDS_PER_MINUTE: i32 = 6000;

export class Skiing extends Game {
  constructor() {
    super();
    this.romId = "skiing";
    this.md5 = "b76fbadc8ffb1f83e2ca08b6fb4d6c9f";
    this.minimalActions = [0, 3, 4];
    const starting = new StaticArray<i32>(16);
    for (let i = 0; i < 16; i++) starting[i] = DOWN;
    this.startingActions = starting;
  }

  // The reward is minus the time elapsed, in centiseconds.
  step(m: Machine): void {
    const time =
      <i32>m.readRam(104) * CENTISECONDS_PER_MINUTE +
      bcd(m.readRam(106)) +
      100 * bcd(m.readRam(105));
    this.reward = this.score - time;
    this.score = time;
    this.terminal = m.readRam(17) == 0xff;
  }

  lives(): i32 {
    return 0;
  }

  // Every FIRE action is illegal for this game.
  isLegal(action: i32): bool {
    if (action < 0 || action >= JOYSTICK_ACTION_COUNT) return false;
    return (actionPresses(action) & PRESS_FIRE) == 0;
  }
}
