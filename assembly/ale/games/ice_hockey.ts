import { Machine } from "../../machine";
import { Game, bcd } from "./game";

export class IceHockey extends Game {
  constructor() {
    super();
    this.romId = "ice_hockey";
    this.md5 = "a4c08c4994eb9d24fb78be1793e82e26";
    this.modes = [0, 2];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 0;
    this.selectFrames = 2;
  }

  // Positive rewards are capped at 1, negative ones are not.
  step(m: Machine): void {
    const score = bcd(m.readRam(10)) - bcd(m.readRam(11));
    const reward = score - this.score;
    this.reward = reward > 1 ? 1 : reward;
    this.score = score;
    this.terminal = m.readRam(7) == 0 && m.readRam(6) == 0;
  }

  lives(): i32 {
    return 0;
  }
}
