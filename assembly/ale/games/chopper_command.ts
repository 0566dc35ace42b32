import { Machine } from "../../machine";
import { Game, bcdScore } from "./game";

export class ChopperCommand extends Game {
  constructor() {
    super();
    this.romId = "chopper_command";
    this.md5 = "c1cb228470a87beb5f36e90ac745da26";
    this.modes = [0, 2];
    this.difficulties = [0, 1];
    this.modeRam = 96;
    this.selectFrames = 2;
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  // `flag` is ALE's "started" marker, set by the first frame with bit 0 of
  // RAM[66] on.
  step(m: Machine): void {
    const score = 100 * bcdScore(m, 110, 108, -1);
    this.reward = score - this.score;
    this.score = score;
    if ((m.readRam(66) & 1) != 0) this.flag = true;
    this.livesValue = <i32>m.readRam(100) & 0x0f;
    this.terminal = this.flag && this.livesValue == 0;
  }

  lives(): i32 {
    return this.livesValue;
  }
}
