import { Machine } from "../../machine";
import { FIRE, NOOP } from "../actions";
import { Controller } from "../properties";
import { Game, bcd, bcdScore } from "./game";

const WAIT_FRAMES: i32 = 60;
// RAM[84] == 3 is the poker variation, whose rules differ.
const POKER: u8 = 3;
const INPUT_DISABLED: u8 = 0x80;

export class Casino extends Game {
  constructor() {
    super();
    this.romId = "casino";
    this.md5 = "b816296311019ab69a21cb9e9e235d12";
    this.props.leftController = Controller.Paddles;
    this.minimalActions = [0, 1, 2, 5];
    this.modes = [0, 2, 3];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 84;
    this.selectFrames = 2;
    const starting = new StaticArray<i32>(WAIT_FRAMES + 2);
    for (let i = 0; i < WAIT_FRAMES; i++) starting[i] = NOOP;
    starting[WAIT_FRAMES] = FIRE;
    starting[WAIT_FRAMES + 1] = FIRE;
    this.startingActions = starting;
  }

  // While input is disabled (outside poker) the reward is not recomputed,
  // so act() returns the previous frame's reward again.
  step(m: Machine): void {
    const score = bcdScore(m, 21, 12, -1);
    const inputDisabled = (m.readRam(83) & INPUT_DISABLED) != 0;
    if (m.readRam(84) == POKER) {
      this.reward = score - this.score;
      this.terminal = score > 0 && m.readRam(30) == 0xaa;
    } else {
      if (!inputDisabled) this.reward = score - this.score;
      this.terminal = score == 0 || (bcd(m.readRam(30)) > 0 && inputDisabled);
    }
    this.score = score;
  }
}
